package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the field types of spec §1.3 from a frame body. Every read checks the remaining length first, so a
 * field that claims more bytes than the body holds is a {@link MalformedBodyException}, never an
 * out-of-bounds read.
 */
final class BodyReader {
    private final ByteBuf buf;
    private int index;
    private final int end;

    BodyReader(ByteBuf buf, int index, int length) {
        this.buf = buf;
        this.index = index;
        this.end = index + length;
    }

    int remaining() {
        return end - index;
    }

    private void need(int n, String field) throws MalformedBodyException {
        if (remaining() < n) {
            throw new MalformedBodyException(field + " needs " + n + " bytes, " + remaining() + " left in body");
        }
    }

    int u8(String field) throws MalformedBodyException {
        need(1, field);
        return buf.getUnsignedByte(index++);
    }

    int u16(String field) throws MalformedBodyException {
        need(2, field);
        int v = buf.getUnsignedShort(index);
        index += 2;
        return v;
    }

    long u32(String field) throws MalformedBodyException {
        need(4, field);
        long v = buf.getUnsignedInt(index);
        index += 4;
        return v;
    }

    /** str8: a u8 length and that many bytes of well-formed UTF-8 (spec §1.3). */
    String str8(String field) throws MalformedBodyException {
        int len = u8(field + " length");
        return utf8(bytes(len, field), field);
    }

    /** bin8: a u8 length and that many bytes (spec §1.3). */
    byte[] bin8(String field) throws MalformedBodyException {
        return bytes(u8(field + " length"), field);
    }

    /** rest: every byte up to the end of the body. */
    byte[] rest() {
        byte[] b = new byte[remaining()];
        buf.getBytes(index, b);
        index = end;
        return b;
    }

    /** rest as UTF-8 text (spec §1.3). */
    String restText(String field) throws MalformedBodyException {
        return utf8(rest(), field);
    }

    private byte[] bytes(int len, String field) throws MalformedBodyException {
        need(len, field);
        byte[] b = new byte[len];
        buf.getBytes(index, b);
        index += len;
        return b;
    }

    void end(String frame) throws MalformedBodyException {
        if (remaining() != 0) {
            throw new MalformedBodyException(remaining() + " bytes after the last field of " + frame);
        }
    }

    static String utf8(byte[] b, String field) throws MalformedBodyException {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, StandardCharsets.US_ASCII); // the common case, without a decoder
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException(field + " is not well-formed UTF-8");
        }
    }
}
