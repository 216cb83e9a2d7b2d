package dev.estuary.core.routing;

import java.util.Objects;

/**
 * One entry in the subscription index.
 *
 * @param subscriber     who receives the matched messages
 * @param topicFilter    the filter without any {@code $share/{group}/} or {@code $queue/} prefix
 * @param shareGroup     the shared-subscription group name, or null for a normal subscription
 * @param options        the subscription options
 * @param subscriptionId MQTT 5 subscription identifier, or 0 when none was given
 */
public record Subscription(Subscriber subscriber, String topicFilter, String shareGroup,
                           SubscriptionOptions options, int subscriptionId) {
    public Subscription {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(options, "options");
    }

    public boolean isShared() {
        return shareGroup != null;
    }
}
