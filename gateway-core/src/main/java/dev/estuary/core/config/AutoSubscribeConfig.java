package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Proxy subscriptions (the {@code auto_subscribe:} section): topic filters the broker subscribes every MQTT client
 * to when it connects, as if the client had sent SUBSCRIBE (the ACL still applies).
 *
 * @param topics the subscriptions, with {@code %c} (client id) and {@code %u} (username) placeholders. None.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutoSubscribeConfig(List<AutoSubscription> topics) {
    public static final AutoSubscribeConfig DEFAULTS = new AutoSubscribeConfig(null);

    public AutoSubscribeConfig {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
