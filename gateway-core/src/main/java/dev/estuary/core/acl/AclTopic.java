package dev.estuary.core.acl;

import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.TopicLimits;
import dev.estuary.core.routing.Topics;
import java.util.Objects;

/**
 * One topic of an ACL rule: a topic filter, which may use the MQTT wildcards and the placeholders {@code %u}
 * (username), {@code %c} (client id), {@code %a} (adapter) and {@code %d} (device id), or an exact string
 * ({@code {eq, "..."}} in acl.conf) compared character by character, wildcards and {@code %} included.
 *
 * @param filter the filter or exact string
 * @param exact  true for an exact match
 */
public record AclTopic(String filter, boolean exact) {
    private static final TopicLimits LIMITS = new TopicLimits(65535, 65535);

    public AclTopic {
        Objects.requireNonNull(filter, "filter");
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("an ACL topic must not be empty");
        }
        if (filter.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an ACL topic must not contain U+0000");
        }
        if (!exact) {
            try {
                Topics.checkFilter(filter, LIMITS);
            } catch (InvalidTopicException e) {
                throw new IllegalArgumentException("invalid topic filter: " + e.getMessage()
                        + " (use {eq, \"...\"} to match it literally)");
            }
        }
    }

    public static AclTopic filter(String filter) {
        return new AclTopic(filter, false);
    }

    public static AclTopic eq(String topic) {
        return new AclTopic(topic, true);
    }
}
