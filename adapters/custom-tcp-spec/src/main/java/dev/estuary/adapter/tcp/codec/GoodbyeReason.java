package dev.estuary.adapter.tcp.codec;

/** The reason codes of GOODBYE (spec §5.3). */
public enum GoodbyeReason {
    NORMAL(0x00),
    SHUTDOWN(0x01),
    TAKEN_OVER(0x02),
    SESSION_CLOSED(0x03);

    private final int code;

    GoodbyeReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code's name, or {@code UNKNOWN}. */
    public static String name(int code) {
        for (GoodbyeReason r : values()) {
            if (r.code == code) {
                return r.name();
            }
        }
        return "UNKNOWN";
    }
}
