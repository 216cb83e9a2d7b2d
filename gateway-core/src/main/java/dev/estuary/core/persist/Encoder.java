package dev.estuary.core.persist;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that records are encoded into: unsigned LEB128 varints, length-prefixed bytes and
 * strings (a nullable string stores length + 1, with 0 meaning null). Reused by the writer thread between frames.
 */
final class Encoder {
    private byte[] buf;
    private int pos;

    Encoder(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return pos;
    }

    byte[] array() {
        return buf;
    }

    void reset() {
        pos = 0;
    }

    /** Drops a large buffer after a huge frame so one burst does not pin memory for good. */
    void shrink(int max) {
        if (buf.length > max) {
            buf = new byte[max];
        }
        pos = 0;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            int cap = buf.length;
            while (cap < pos + n) {
                cap = cap < (1 << 29) ? cap * 2 : Integer.MAX_VALUE - 16;
            }
            buf = Arrays.copyOf(buf, cap);
        }
    }

    Encoder u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    Encoder bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    Encoder varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return this;
    }

    Encoder i32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    Encoder i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    /** Overwrites 4 bytes at {@code at} (frame headers are filled in after the body). */
    void putI32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    Encoder bytes(byte[] b) {
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Nullable bytes: length + 1, 0 for null. */
    Encoder optBytes(byte[] b) {
        if (b == null) {
            return u8(0);
        }
        varint(b.length + 1L);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    Encoder str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    Encoder optStr(String s) {
        return optBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }
}
