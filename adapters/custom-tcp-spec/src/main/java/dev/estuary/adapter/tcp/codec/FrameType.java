package dev.estuary.adapter.tcp.codec;

/** The frame types of version 1 of the framing (spec §4), with their type byte. */
public enum FrameType {
    HELLO(0x01, Direction.FROM_DEVICE),
    HELLO_ACK(0x02, Direction.FROM_GATEWAY),
    UPLINK(0x03, Direction.FROM_DEVICE),
    DOWNLINK(0x04, Direction.FROM_GATEWAY),
    ACK(0x05, Direction.BOTH),
    NACK(0x06, Direction.BOTH),
    PING(0x07, Direction.FROM_DEVICE),
    PONG(0x08, Direction.FROM_GATEWAY),
    GOODBYE(0x09, Direction.BOTH),
    ERROR(0x0A, Direction.BOTH);

    /** Who may send a frame type (spec §4). */
    public enum Direction {
        FROM_DEVICE, FROM_GATEWAY, BOTH;

        public boolean fromDevice() {
            return this != FROM_GATEWAY;
        }
    }

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final Direction direction;

    FrameType(int code, Direction direction) {
        this.code = code;
        this.direction = direction;
    }

    public int code() {
        return code;
    }

    public Direction direction() {
        return direction;
    }

    /** The type with this code, or null when version 1 defines none (spec §3.4). */
    public static FrameType of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }

    /** Whether the DUP flag (spec §3.5) is defined for this type. */
    public boolean allowsDup() {
        return this == UPLINK || this == DOWNLINK;
    }
}
