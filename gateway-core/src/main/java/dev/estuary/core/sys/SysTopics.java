package dev.estuary.core.sys;

/**
 * Names of the {@code $SYS} topics, in EMQX's scheme: {@code $SYS/brokers} and
 * {@code $SYS/brokers/{node}/...}. A client id inside a topic has {@code /}, {@code +}, {@code #}, {@code %} and
 * U+0000 percent-encoded, so every client id gives one valid topic level.
 */
public final class SysTopics {
    /** The list of nodes (retained). */
    public static final String BROKERS = "$SYS/brokers";

    private final String prefix;

    public SysTopics(String node) {
        this.prefix = BROKERS + "/" + node + "/";
    }

    /** {@code $SYS/brokers/{node}/{suffix}}. */
    public String node(String suffix) {
        return prefix + suffix;
    }

    /** {@code $SYS/brokers/{node}/clients/{clientid}/{event}} ({@code connected}, {@code disconnected}). */
    public String clientEvent(String clientId, String event) {
        return prefix + "clients/" + encode(clientId) + "/" + event;
    }

    /** A client id as one topic level. */
    public static String encode(String id) {
        StringBuilder sb = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            String rep;
            switch (c) {
                case '%': rep = "%25"; break;
                case '/': rep = "%2F"; break;
                case '+': rep = "%2B"; break;
                case '#': rep = "%23"; break;
                case '\0': rep = "%00"; break;
                default: rep = null;
            }
            if (rep != null && sb == null) {
                sb = new StringBuilder(id.length() + 8).append(id, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? id : sb.toString();
    }
}
