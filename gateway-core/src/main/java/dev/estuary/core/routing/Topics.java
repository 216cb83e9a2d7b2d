package dev.estuary.core.routing;

/**
 * Topic name and filter rules (MQTT 5.0 §4.7): validation, level splitting and single-filter matching.
 * Matching many filters at once is the {@link TopicTree}'s job; {@link #matches} is for one-off checks (ACLs,
 * retained lookups).
 */
public final class Topics {
    private Topics() {
    }

    /**
     * Checks a topic name used in PUBLISH.
     *
     * @throws InvalidTopicException naming the problem
     */
    public static void checkName(String topic, TopicLimits limits) {
        if (topic.isEmpty()) {
            throw new InvalidTopicException("topic name is empty");
        }
        if (topic.length() > limits.maxLength()) {
            throw new InvalidTopicException("topic name longer than " + limits.maxLength() + " characters");
        }
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                throw new InvalidTopicException("topic name must not contain wildcards: " + abbreviate(topic));
            }
            if (c == 0) {
                throw new InvalidTopicException("topic name must not contain U+0000");
            }
            if (c == '/') {
                levels++;
            }
        }
        if (levels > limits.maxLevels()) {
            throw new InvalidTopicException("topic name has " + levels + " levels, more than " + limits.maxLevels());
        }
    }

    /**
     * Checks a topic filter (without any share prefix).
     *
     * @throws InvalidTopicException naming the problem
     */
    public static void checkFilter(String filter, TopicLimits limits) {
        if (filter.isEmpty()) {
            throw new InvalidTopicException("topic filter is empty");
        }
        if (filter.length() > limits.maxLength()) {
            throw new InvalidTopicException("topic filter longer than " + limits.maxLength() + " characters");
        }
        int levels = 1;
        int levelStart = 0;
        for (int i = 0; i <= filter.length(); i++) {
            char c = i < filter.length() ? filter.charAt(i) : '/';
            if (c == 0) {
                throw new InvalidTopicException("topic filter must not contain U+0000");
            }
            if (c == '/') {
                if (i < filter.length()) {
                    levels++;
                }
                levelStart = i + 1;
            } else if (c == '+') {
                boolean alone = i == levelStart && (i + 1 == filter.length() || filter.charAt(i + 1) == '/');
                if (!alone) {
                    throw new InvalidTopicException("'+' must occupy a whole level: " + abbreviate(filter));
                }
            } else if (c == '#') {
                if (i != levelStart || i + 1 != filter.length()) {
                    throw new InvalidTopicException("'#' must be the last level on its own: " + abbreviate(filter));
                }
            }
        }
        if (levels > limits.maxLevels()) {
            throw new InvalidTopicException("topic filter has " + levels + " levels, more than " + limits.maxLevels());
        }
    }

    /** Splits a topic or filter into its levels; empty levels are kept ("a//b" has three). */
    public static String[] levels(String topic) {
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        int idx = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                out[idx++] = topic.substring(start, i);
                start = i + 1;
            }
        }
        out[idx] = topic.substring(start);
        return out;
    }

    /**
     * Whether {@code filter} matches {@code topic}. Topics starting with '$' are not matched by a filter whose
     * first level is a wildcard (MQTT 5.0 §4.7.2).
     */
    public static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (f < fl) {
            char fc = filter.charAt(f);
            if (fc == '#') {
                return true;
            }
            if (fc == '+') {
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                if (t >= tl || topic.charAt(t) != fc) {
                    // "a/#" matches "a": the filter continues with "/#" exactly where the topic ended
                    return t == tl && f + 2 == fl && fc == '/' && filter.charAt(f + 1) == '#';
                }
                f++;
                t++;
                continue;
            }
            // after '+': both must be at a separator or the end
            if (f == fl) {
                return t == tl;
            }
            if (t == tl) {
                return f + 2 == fl && filter.charAt(f) == '/' && filter.charAt(f + 1) == '#';
            }
        }
        return t == tl;
    }

    /** True for topics in the broker's own namespace ($SYS and other '$' topics). */
    public static boolean isSystemTopic(String topic) {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
