package dev.estuary.tools.simulator;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The Estuary TCP device framing as a device implements it, written from {@code docs/custom-tcp-spec.md} with the
 * JDK only (deliberately not sharing code with the gateway's codec, so that each checks the other).
 */
public final class SpecFrames {
    public static final int HELLO = 0x01;
    public static final int HELLO_ACK = 0x02;
    public static final int UPLINK = 0x03;
    public static final int DOWNLINK = 0x04;
    public static final int ACK = 0x05;
    public static final int NACK = 0x06;
    public static final int PING = 0x07;
    public static final int PONG = 0x08;
    public static final int GOODBYE = 0x09;
    public static final int ERROR = 0x0A;

    public static final int FLAG_CRC = 0x01;
    public static final int FLAG_DUP = 0x02;

    /** Content formats (spec §5.5). */
    public static final int OCTET_STREAM = 0;
    public static final int TEXT = 1;
    public static final int JSON = 2;
    public static final int CBOR = 3;

    private SpecFrames() {
    }

    /**
     * A received frame: its type, flags (CRC already checked and cleared) and body.
     *
     * @param type  the type byte
     * @param flags the flag bits other than CRC
     * @param body  the body
     */
    public record Frame(int type, int flags, byte[] body) {
        public int u8(int at) {
            return body[at] & 0xFF;
        }

        public int u16(int at) {
            return (u8(at) << 8) | u8(at + 1);
        }

        public long u32(int at) {
            return ((long) u16(at) << 16) | u16(at + 2);
        }

        /** The bytes from {@code at} to the end of the body. */
        public byte[] rest(int at) {
            return java.util.Arrays.copyOfRange(body, at, body.length);
        }

        public String restText(int at) {
            return new String(rest(at), StandardCharsets.UTF_8);
        }

        /** A str8 field at {@code at}. */
        public String str8(int at) {
            return new String(body, at + 1, u8(at), StandardCharsets.UTF_8);
        }

        public boolean dup() {
            return (flags & FLAG_DUP) != 0;
        }
    }

    /** A whole frame: header, body, and the CRC when asked for (spec §3). */
    public static byte[] encode(int type, int flags, byte[] body, boolean crc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 10);
        out.write(0x45);
        out.write(0x53);
        out.write(1);
        out.write(type);
        out.write(flags | (crc ? FLAG_CRC : 0));
        int v = body.length;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v > 0 ? b | 0x80 : b);
        } while (v > 0);
        out.write(body, 0, body.length);
        if (crc) {
            byte[] soFar = out.toByteArray();
            int c = crc16(soFar, 0, soFar.length);
            out.write(c >>> 8);
            out.write(c & 0xFF);
        }
        return out.toByteArray();
    }

    /** Reads one frame, blocking; checks magic, version, length and CRC (spec §3). */
    public static Frame read(InputStream input) throws IOException {
        DataInputStream in = input instanceof DataInputStream d ? d : new DataInputStream(input);
        ByteArrayOutputStream header = new ByteArrayOutputStream(8);
        int m0 = in.read();
        if (m0 < 0) {
            throw new EOFException("connection closed");
        }
        int m1 = in.readUnsignedByte();
        if (m0 != 0x45 || m1 != 0x53) {
            throw new ProtocolException(String.format("bad magic %02x %02x", m0, m1));
        }
        int version = in.readUnsignedByte();
        if (version != 1) {
            throw new ProtocolException("unsupported version " + version);
        }
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        header.write(m0);
        header.write(m1);
        header.write(version);
        header.write(type);
        header.write(flags);
        int length = 0;
        for (int i = 0; ; i++) {
            int b = in.readUnsignedByte();
            header.write(b);
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
            if (i == 2) {
                throw new ProtocolException("length field longer than 3 bytes");
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        if ((flags & FLAG_CRC) != 0) {
            int sent = in.readUnsignedShort();
            header.write(body, 0, body.length);
            byte[] all = header.toByteArray();
            int computed = crc16(all, 0, all.length);
            if (sent != computed) {
                throw new ProtocolException(String.format("CRC %04x received, %04x computed", sent, computed));
            }
        }
        return new Frame(type, flags & ~FLAG_CRC, body);
    }

    /** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR (spec §3.8). */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    // ------------------------------------------------------------------ bodies (spec §4)

    /** HELLO body (§4.1). */
    public static byte[] hello(int keepAlive, long maxBody, String deviceId, String username, byte[] password) {
        Body b = new Body();
        b.u16(keepAlive).u32(maxBody).str8(deviceId).str8(username == null ? "" : username)
                .bin8(password == null ? new byte[0] : password);
        return b.bytes();
    }

    /** UPLINK body (§4.3). */
    public static byte[] uplink(int messageId, int format, String channel, byte[] payload) {
        return new Body().u16(messageId).u8(format).str8(channel == null ? "" : channel).raw(payload).bytes();
    }

    /** ACK body (§4.5). */
    public static byte[] ack(int messageId, byte[] result) {
        return new Body().u16(messageId).raw(result == null ? new byte[0] : result).bytes();
    }

    /** NACK body (§4.6). */
    public static byte[] nack(int messageId, int reason, String text) {
        return new Body().u16(messageId).u8(reason).raw(text.getBytes(StandardCharsets.UTF_8)).bytes();
    }

    /** GOODBYE or ERROR body (§4.9, §4.10): a code and a text. */
    public static byte[] codeAndText(int code, String text) {
        return new Body().u8(code).raw(text.getBytes(StandardCharsets.UTF_8)).bytes();
    }

    /** Builds a body field by field. */
    public static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Body u8(int v) {
            out.write(v);
            return this;
        }

        public Body u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        public Body u32(long v) {
            return u16((int) (v >>> 16)).u16((int) (v & 0xFFFF));
        }

        public Body str8(String s) {
            return bin8(s.getBytes(StandardCharsets.UTF_8));
        }

        public Body bin8(byte[] b) {
            out.write(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        public Body raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
