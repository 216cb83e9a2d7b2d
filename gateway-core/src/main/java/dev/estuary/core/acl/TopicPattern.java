package dev.estuary.core.acl;

import dev.estuary.core.routing.Topics;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.spi.TopicModel;
import dev.estuary.core.topics.DeviceTopics;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL topic compiled for one client: placeholders replaced by that client's values, which are always literal
 * text (a username of {@code #} or {@code a/+} never acts as a wildcard). Immutable.
 */
final class TopicPattern {
    /** Encodes device ids the way device topics spell them (only the encoding is used, not the mountpoint). */
    private static final TopicModel DEVICE_TOPICS = new DeviceTopics("");

    private final String exact;
    private final String[] levels;
    /** True where the level is a wildcard written in the rule ({@code +} or {@code #}). */
    private final boolean[] wildcard;

    private TopicPattern(String exact, String[] levels, boolean[] wildcard) {
        this.exact = exact;
        this.levels = levels;
        this.wildcard = wildcard;
    }

    /**
     * Compiles {@code t} for {@code client}, or returns null when it uses a placeholder the client has no value
     * for (an anonymous client and {@code %u}, an MQTT client and {@code %d}): such a topic matches nothing.
     */
    static TopicPattern compile(AclTopic t, ClientInfo client) {
        if (t.exact()) {
            return new TopicPattern(t.filter(), null, null);
        }
        List<String> lv = new ArrayList<>();
        List<Boolean> wild = new ArrayList<>();
        for (String level : Topics.levels(t.filter())) {
            if (level.indexOf('%') < 0 && level.indexOf("${") < 0) {
                lv.add(level);
                wild.add(level.equals("+") || level.equals("#"));
                continue;
            }
            String value = substitute(level, client);
            if (value == null) {
                return null;
            }
            for (String part : Topics.levels(value)) {
                lv.add(part);
                wild.add(false);
            }
        }
        boolean[] w = new boolean[wild.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = wild.get(i);
        }
        return new TopicPattern(null, lv.toArray(new String[0]), w);
    }

    /**
     * Replaces %u %c %a %d (and EMQX 5's ${username} ${clientid}) in one pass; null when a value is missing. The
     * device id is inserted as device topics spell it (docs/topic-model.md: {@code /}, {@code +}, {@code #},
     * {@code %}, U+0000 and a leading {@code $} percent-encoded), so {@code devices/%a/%d/up/#} covers exactly the
     * device's own uplinks.
     */
    static String substitute(String template, ClientInfo client) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            String value;
            int skip;
            if (ch == '%' && i + 1 < template.length() && "ucad".indexOf(template.charAt(i + 1)) >= 0) {
                value = valueOf(template.charAt(i + 1), client);
                skip = 2;
            } else if (template.startsWith("${username}", i)) {
                value = client.username();
                skip = 11;
            } else if (template.startsWith("${clientid}", i)) {
                value = client.clientId();
                skip = 11;
            } else {
                sb.append(ch);
                i++;
                continue;
            }
            if (value == null) {
                return null;
            }
            sb.append(value);
            i += skip;
        }
        return sb.toString();
    }

    private static String valueOf(char placeholder, ClientInfo c) {
        switch (placeholder) {
            case 'u': return c.username();
            case 'c': return c.clientId();
            case 'a': return c.adapter();
            default: return c.deviceId() == null ? null : DEVICE_TOPICS.encodeDeviceId(c.deviceId());
        }
    }

    /**
     * Whether a PUBLISH (or a delivery) on the topic name {@code topic} is covered.
     *
     * @param t the topic's levels ({@link Topics#levels}), split once by the caller for all patterns
     */
    boolean matchesTopic(String topic, String[] t) {
        if (exact != null) {
            return exact.equals(topic);
        }
        if (wildcard[0] && Topics.isSystemTopic(topic)) {
            return false; // MQTT 5.0 §4.7.2: a leading wildcard does not match '$' topics
        }
        for (int i = 0; i < levels.length; i++) {
            if (wildcard[i] && levels[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!wildcard[i] && !levels[i].equals(t[i])) {
                return false;
            }
        }
        return t.length == levels.length;
    }

    /**
     * Whether a subscription to {@code filter} is covered: every topic the filter can match must be matched by
     * this pattern ({@code a/#} covers {@code a/+/b}; {@code a/+} does not cover {@code a/#}; a literal level
     * never covers a wildcard level, even one spelled the same).
     *
     * @param f the filter's levels ({@link Topics#levels}), split once by the caller for all patterns
     */
    boolean coversFilter(String filter, String[] f) {
        if (exact != null) {
            return exact.equals(filter);
        }
        if (wildcard[0] && Topics.isSystemTopic(filter)) {
            return false;
        }
        for (int i = 0; i < levels.length; i++) {
            if (wildcard[i] && levels[i].equals("#")) {
                return true;
            }
            if (i >= f.length) {
                return false;
            }
            boolean filterWild = f[i].equals("+") || f[i].equals("#");
            if (wildcard[i]) { // '+'
                if (f[i].equals("#")) {
                    return false;
                }
            } else if (filterWild || !levels[i].equals(f[i])) {
                return false;
            }
        }
        return f.length == levels.length;
    }

    @Override
    public String toString() {
        return exact != null ? "{eq, " + exact + "}" : String.join("/", levels);
    }
}
