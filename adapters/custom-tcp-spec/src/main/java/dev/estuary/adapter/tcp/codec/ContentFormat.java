package dev.estuary.adapter.tcp.codec;

/** The content formats of UPLINK and DOWNLINK bodies (spec §5.5), mapped to MQTT 5 content types. */
public enum ContentFormat {
    OCTET_STREAM(0x00, null),
    TEXT(0x01, "text/plain; charset=utf-8"),
    JSON(0x02, "application/json"),
    CBOR(0x03, "application/cbor");

    private final int code;
    private final String contentType;

    ContentFormat(int code, String contentType) {
        this.code = code;
        this.contentType = contentType;
    }

    public int code() {
        return code;
    }

    /** The MQTT content type, or null for raw bytes (no content type is set). */
    public String contentType() {
        return contentType;
    }

    /** The format with this code, or null when version 1 defines none. */
    public static ContentFormat of(int code) {
        for (ContentFormat f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    /** The format for an MQTT content type; raw bytes for null and anything unknown. */
    public static ContentFormat forContentType(String contentType) {
        if (contentType == null) {
            return OCTET_STREAM;
        }
        String ct = contentType.toLowerCase(java.util.Locale.ROOT);
        if (ct.startsWith("text/")) {
            return TEXT;
        }
        if (ct.startsWith("application/json") || ct.endsWith("+json")) {
            return JSON;
        }
        if (ct.startsWith("application/cbor")) {
            return CBOR;
        }
        return OCTET_STREAM;
    }
}
