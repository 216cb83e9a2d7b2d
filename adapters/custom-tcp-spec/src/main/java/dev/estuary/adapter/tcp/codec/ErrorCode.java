package dev.estuary.adapter.tcp.codec;

/**
 * The codes of an ERROR frame (spec §5.4): why the sender is about to close the connection. Each names the spec
 * section that the peer violated.
 */
public enum ErrorCode {
    BAD_MAGIC(0x01, "3.2"),
    UNSUPPORTED_VERSION(0x02, "3.3"),
    FRAME_TOO_LARGE(0x03, "7.1"),
    MALFORMED_LENGTH(0x04, "3.6"),
    CRC_MISMATCH(0x05, "3.8"),
    UNKNOWN_TYPE(0x06, "3.4"),
    RESERVED_FLAGS(0x07, "3.5"),
    MALFORMED_BODY(0x08, "3.7"),
    PROTOCOL_VIOLATION(0x09, "6.1"),
    KEEPALIVE_TIMEOUT(0x0A, "6.5"),
    FRAME_TIMEOUT(0x0B, "7.2"),
    HELLO_TIMEOUT(0x0C, "6.2"),
    INTERNAL_ERROR(0x0D, "8");

    private final int code;
    private final String section;

    ErrorCode(int code, String section) {
        this.code = code;
        this.section = section;
    }

    public int code() {
        return code;
    }

    /** The spec section the peer violated, e.g. {@code 3.2}. */
    public String section() {
        return section;
    }

    /** The code's name, or {@code UNKNOWN} for a code this version does not define. */
    public static String name(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c.name();
            }
        }
        return "UNKNOWN";
    }
}
