package dev.estuary.core.topics;

import dev.estuary.core.spi.TopicModel;
import java.util.Optional;

/**
 * The unified device topic model, the one implementation of {@link TopicModel}. See {@code docs/topic-model.md}.
 */
public final class DeviceTopics implements TopicModel {
    public static final String ROOT = "devices";

    private final String mountpoint;

    /** @param mountpoint prefix for every device topic; empty, or ending with '/' (added when missing) */
    public DeviceTopics(String mountpoint) {
        String m = mountpoint == null ? "" : mountpoint;
        if (!m.isEmpty() && !m.endsWith("/")) {
            m = m + "/";
        }
        if (m.indexOf('+') >= 0 || m.indexOf('#') >= 0) {
            throw new IllegalArgumentException("mountpoint must not contain wildcards: " + mountpoint);
        }
        this.mountpoint = m;
    }

    @Override
    public String mountpoint() {
        return mountpoint;
    }

    private String base(String adapter, String deviceId) {
        return mountpoint + ROOT + "/" + adapter + "/" + encodeDeviceId(deviceId) + "/";
    }

    @Override
    public String up(String adapter, String deviceId, String channel) {
        return withChannel(base(adapter, deviceId) + "up", channel);
    }

    @Override
    public String down(String adapter, String deviceId, String channel) {
        return withChannel(base(adapter, deviceId) + "down", channel);
    }

    @Override
    public String status(String adapter, String deviceId) {
        return base(adapter, deviceId) + "status";
    }

    @Override
    public String event(String adapter, String deviceId, String event) {
        return base(adapter, deviceId) + "events/" + event;
    }

    @Override
    public String reply(String adapter, String deviceId) {
        return base(adapter, deviceId) + "reply";
    }

    private static String withChannel(String topic, String channel) {
        if (channel == null || channel.isEmpty()) {
            return topic;
        }
        String c = channel.startsWith("/") ? channel.substring(1) : channel;
        return c.isEmpty() ? topic : topic + "/" + c;
    }

    @Override
    public String encodeDeviceId(String id) {
        StringBuilder sb = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            String rep = null;
            switch (c) {
                case '%': rep = "%25"; break;
                case '/': rep = "%2F"; break;
                case '+': rep = "%2B"; break;
                case '#': rep = "%23"; break;
                case '\0': rep = "%00"; break;
                case '$': rep = i == 0 ? "%24" : null; break;
                default:
            }
            if (rep != null) {
                if (sb == null) {
                    sb = new StringBuilder(id.length() + 8).append(id, 0, i);
                }
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? id : sb.toString();
    }

    @Override
    public String decodeDeviceId(String level) {
        if (level.indexOf('%') < 0) {
            return level;
        }
        StringBuilder sb = new StringBuilder(level.length());
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            if (c == '%' && i + 2 < level.length()) {
                String hex = level.substring(i + 1, i + 3);
                try {
                    sb.append((char) Integer.parseInt(hex, 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the '%'
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public Optional<DeviceTopic> parse(String topic) {
        if (!topic.startsWith(mountpoint)) {
            return Optional.empty();
        }
        String[] p = topic.substring(mountpoint.length()).split("/", 5);
        if (p.length < 4 || !p[0].equals(ROOT) || p[1].isEmpty() || p[2].isEmpty()) {
            return Optional.empty();
        }
        String kind = p[3];
        String rest = p.length == 5 ? p[4] : null;
        switch (kind) {
            case "up":
            case "down":
                break;
            case "status":
            case "reply":
                if (rest != null) {
                    return Optional.empty();
                }
                break;
            case "events":
                if (rest == null || rest.isEmpty()) {
                    return Optional.empty();
                }
                break;
            default:
                return Optional.empty();
        }
        return Optional.of(new DeviceTopic(p[1], decodeDeviceId(p[2]), kind, rest));
    }
}
