package dev.estuary.adapter.tcp.codec;

/** The reason codes of NACK (spec §5.2); 0x01-0x0F are sent by devices, 0x10-0x1F by the gateway. */
public enum NackReason {
    UNSPECIFIED(0x01),
    MALFORMED_PAYLOAD(0x02),
    UNKNOWN_CHANNEL(0x03),
    NOT_SUPPORTED(0x04),
    BUSY(0x05),
    NOT_AUTHORIZED(0x10),
    REJECTED(0x11),
    SERVER_UNAVAILABLE(0x12);

    private final int code;

    NackReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code's name, or {@code UNKNOWN} for a code this version does not define. */
    public static String name(int code) {
        for (NackReason r : values()) {
            if (r.code == code) {
                return r.name();
            }
        }
        return "UNKNOWN";
    }
}
