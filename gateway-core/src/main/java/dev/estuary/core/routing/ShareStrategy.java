package dev.estuary.core.routing;

import java.util.Locale;

/** How a shared-subscription group picks the member that receives a message. */
public enum ShareStrategy {
    /** Members in turn (default). */
    ROUND_ROBIN,
    /** A random member per message. */
    RANDOM,
    /** The same member until it goes offline or leaves. */
    STICKY,
    /** A member chosen by a hash of the publisher's client id, so one publisher always lands on one member. */
    HASH_CLIENTID,
    /** A member chosen by a hash of the topic, so one topic always lands on one member. */
    HASH_TOPIC;

    /** Parses the configuration spelling ({@code round_robin}, {@code random}, ...). */
    public static ShareStrategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown shared subscription strategy '" + s
                    + "' (use round_robin, random, sticky, hash_clientid or hash_topic)", e);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
