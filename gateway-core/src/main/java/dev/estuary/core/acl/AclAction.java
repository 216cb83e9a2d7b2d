package dev.estuary.core.acl;

import java.util.Locale;

/** Which requests an ACL rule applies to. Subscribe rules also decide what a client may receive. */
public enum AclAction {
    PUBLISH,
    SUBSCRIBE,
    ALL;

    public boolean coversPublish() {
        return this != SUBSCRIBE;
    }

    public boolean coversSubscribe() {
        return this != PUBLISH;
    }

    /** {@code publish}, {@code subscribe} or {@code all}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code publish}, {@code subscribe}, {@code all} (and EMQX's {@code pubsub} for all). */
    public static AclAction parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "publish": return PUBLISH;
            case "subscribe": return SUBSCRIBE;
            case "all":
            case "pubsub": return ALL;
            default: throw new IllegalArgumentException("action must be publish, subscribe or all, not '" + s + "'");
        }
    }
}
