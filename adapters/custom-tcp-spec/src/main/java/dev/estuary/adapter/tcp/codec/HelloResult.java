package dev.estuary.adapter.tcp.codec;

/** The result codes of HELLO_ACK (spec §5.1). */
public enum HelloResult {
    ACCEPTED(0x00),
    UNSUPPORTED_VERSION(0x01),
    BAD_CREDENTIALS(0x02),
    NOT_AUTHORIZED(0x03),
    INVALID_DEVICE_ID(0x04),
    SERVER_UNAVAILABLE(0x05);

    private final int code;

    HelloResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code's name, or {@code UNKNOWN}. */
    public static String name(int code) {
        for (HelloResult r : values()) {
            if (r.code == code) {
                return r.name();
            }
        }
        return "UNKNOWN";
    }
}
