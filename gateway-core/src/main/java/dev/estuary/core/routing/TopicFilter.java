package dev.estuary.core.routing;

/**
 * A parsed subscription topic: the filter and, for shared subscriptions, the group.
 *
 * <p>{@code $share/{group}/{filter}} (MQTT 5.0 §4.8.2) and EMQX's {@code $queue/{filter}} (a shared subscription
 * in the group {@value #QUEUE_GROUP}) are recognised; everything else is a plain filter.
 *
 * @param raw    the topic as the client sent it; sessions key their subscriptions by it
 * @param filter the filter that the index matches
 * @param group  the share group, or null
 */
public record TopicFilter(String raw, String filter, String group) {
    /** The group name used for {@code $queue/} subscriptions. */
    public static final String QUEUE_GROUP = "$queue";

    public boolean isShared() {
        return group != null;
    }

    public boolean hasWildcard() {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Parses a subscription topic.
     *
     * @throws InvalidTopicException when the shared-subscription syntax is wrong or the filter is invalid
     */
    public static TopicFilter parse(String raw, TopicLimits limits) {
        String group = null;
        String filter = raw;
        if (raw.startsWith("$share/")) {
            int slash = raw.indexOf('/', 7);
            if (slash < 0) {
                throw new InvalidTopicException("shared subscription needs $share/{group}/{filter}: " + raw);
            }
            group = raw.substring(7, slash);
            filter = raw.substring(slash + 1);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                throw new InvalidTopicException("invalid share group name '" + group + "'");
            }
            if (filter.isEmpty()) {
                throw new InvalidTopicException("shared subscription has an empty filter: " + raw);
            }
        } else if (raw.startsWith("$queue/")) {
            group = QUEUE_GROUP;
            filter = raw.substring(7);
            if (filter.isEmpty()) {
                throw new InvalidTopicException("$queue subscription has an empty filter");
            }
        }
        Topics.checkFilter(filter, limits);
        return new TopicFilter(raw, filter, group);
    }
}
