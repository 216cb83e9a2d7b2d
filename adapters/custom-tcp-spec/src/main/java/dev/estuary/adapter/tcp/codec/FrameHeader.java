package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/** The constants of the frame header (spec §3) and the variable-length length field (§3.6). */
public final class FrameHeader {
    /** First magic byte, ASCII 'E' (§3.2). */
    public static final int MAGIC_0 = 0x45;
    /** Second magic byte, ASCII 'S' (§3.2). */
    public static final int MAGIC_1 = 0x53;
    /** The only version this implementation speaks (§3.3, §9). */
    public static final int VERSION = 1;
    /** Flag bit 0: a CRC-16 follows the body (§3.5, §3.8). */
    public static final int FLAG_CRC = 0x01;
    /** Flag bit 1: DUP, a retransmission; only on UPLINK and DOWNLINK (§3.5). */
    public static final int FLAG_DUP = 0x02;
    /** Magic, version, type and flags. */
    public static final int FIXED_BYTES = 5;
    /** The length field has 1 to 3 bytes (§3.6). */
    public static final int MAX_LENGTH_BYTES = 3;
    /** The largest length 3 bytes can carry. */
    public static final int MAX_ENCODABLE_LENGTH = (1 << 21) - 1;
    /** The maximum body before the HELLO is accepted (§7.1). */
    public static final int PRE_HELLO_MAX_BODY = 1024;
    /** Bytes of the CRC (§3.8). */
    public static final int CRC_BYTES = 2;

    private FrameHeader() {
    }

    /** How many bytes the length field takes for {@code length}. */
    public static int lengthBytes(int length) {
        return length < 128 ? 1 : length < 16384 ? 2 : 3;
    }

    /** Writes the length field: 7 bits per byte, least significant group first, high bit = more (§3.6). */
    public static void writeLength(ByteBuf out, int length) {
        if (length < 0 || length > MAX_ENCODABLE_LENGTH) {
            throw new IllegalArgumentException("body length out of range: " + length);
        }
        int v = length;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.writeByte(v > 0 ? b | 0x80 : b);
        } while (v > 0);
    }
}
