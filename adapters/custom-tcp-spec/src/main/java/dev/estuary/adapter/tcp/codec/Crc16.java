package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/CCITT-FALSE (also catalogued as CRC-16/IBM-3740), spec §3.8: width 16, polynomial 0x1021, initial value
 * 0xFFFF, no reflection, no final XOR; check value {@code 0x29B1} for the ASCII bytes "123456789". Table-driven.
 */
public final class Crc16 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int b = 0; b < 8; b++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x1021 : c << 1;
            }
            TABLE[i] = c & 0xFFFF;
        }
    }

    private Crc16() {
    }

    /** The CRC of {@code length} bytes of {@code buf} from {@code index} (reader index untouched). */
    public static int of(ByteBuf buf, int index, int length) {
        int crc = 0xFFFF;
        for (int i = index, end = index + length; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The CRC of a byte array. */
    public static int of(byte[] bytes) {
        int crc = 0xFFFF;
        for (byte b : bytes) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
