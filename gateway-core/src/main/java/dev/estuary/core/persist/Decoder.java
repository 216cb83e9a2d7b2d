package dev.estuary.core.persist;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link Encoder} wrote, from one frame's body. Every read is bounds-checked: a frame that passed its
 * checksum but does not decode (a bug, or a file from another version) raises {@link CorruptRecordException}
 * instead of an index error.
 */
final class Decoder {
    private final byte[] buf;
    private final int end;
    private int pos;

    Decoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    boolean hasMore() {
        return pos < end;
    }

    private void need(long n) {
        if (n < 0 || pos + n > end) {
            throw new CorruptRecordException("record runs past the end of its frame");
        }
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new CorruptRecordException("boolean byte " + v);
        }
        return v == 1;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptRecordException("varint longer than 10 bytes");
    }

    int varint32() {
        long v = varint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptRecordException("value out of range: " + v);
        }
        return (int) v;
    }

    int i32() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long i64() {
        return ((long) i32() << 32) | (i32() & 0xFFFFFFFFL);
    }

    byte[] bytes() {
        int n = varint32();
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    byte[] optBytes() {
        long n = varint();
        if (n == 0) {
            return null;
        }
        if (n - 1 > Integer.MAX_VALUE) {
            throw new CorruptRecordException("length out of range: " + n);
        }
        int len = (int) (n - 1);
        need(len);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    String str() {
        int n = varint32();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    String optStr() {
        byte[] b = optBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
