package dev.estuary.core.trace;

import java.util.Locale;

/** What a trace follows. */
public enum TraceType {
    /** Every packet and message of one client (or device) id. */
    CLIENTID,
    /** Every message whose topic matches a filter, whoever sends or receives it. */
    TOPIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code clientid} (also {@code client}) or {@code topic}. */
    public static TraceType parse(String s) {
        switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
            case "clientid":
            case "client":
                return CLIENTID;
            case "topic":
                return TOPIC;
            default:
                throw new IllegalArgumentException("trace type must be clientid or topic, not '" + s + "'");
        }
    }
}
