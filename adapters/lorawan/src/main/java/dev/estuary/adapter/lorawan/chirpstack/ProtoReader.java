package dev.estuary.adapter.lorawan.chirpstack;

import dev.estuary.adapter.lorawan.BadInputException;

/** Reads the protobuf wire format (varints, fixed32/64, length-delimited) from a byte range, bounds-checked. */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] b;
    private int pos;
    private final int limit;

    ProtoReader(byte[] b, int from, int to) {
        this.b = b;
        this.pos = from;
        this.limit = to;
    }

    boolean more() {
        return pos < limit;
    }

    long varint() throws BadInputException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new BadInputException("protobuf: truncated varint");
            }
            int x = b[pos++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new BadInputException("protobuf: varint longer than 10 bytes");
    }

    int fixed32() throws BadInputException {
        need(4);
        int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws BadInputException {
        need(8);
        long lo = fixed32() & 0xffffffffL;
        long hi = fixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A length-delimited field as a sub-reader over its bytes. */
    ProtoReader sub() throws BadInputException {
        long len = varint();
        if (len < 0 || len > limit - pos) {
            throw new BadInputException("protobuf: length " + len + " exceeds the message");
        }
        ProtoReader r = new ProtoReader(b, pos, pos + (int) len);
        pos += (int) len;
        return r;
    }

    byte[] bytes() throws BadInputException {
        ProtoReader r = sub();
        byte[] out = new byte[r.limit - r.pos];
        System.arraycopy(b, r.pos, out, 0, out.length);
        return out;
    }

    void skip(int wireType) throws BadInputException {
        switch (wireType) {
            case VARINT:
                varint();
                return;
            case FIXED64:
                need(8);
                pos += 8;
                return;
            case LEN:
                sub();
                return;
            case FIXED32:
                need(4);
                pos += 4;
                return;
            default:
                throw new BadInputException("protobuf: unsupported wire type " + wireType);
        }
    }

    private void need(int n) throws BadInputException {
        if (limit - pos < n) {
            throw new BadInputException("protobuf: truncated field");
        }
    }
}
