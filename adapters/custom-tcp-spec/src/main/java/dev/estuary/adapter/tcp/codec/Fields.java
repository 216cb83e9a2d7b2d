package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Writing and describing the field types of spec §1.3. */
final class Fields {
    private Fields() {
    }

    static int str8Length(String s) {
        return 1 + ByteBufUtil.utf8Bytes(s);
    }

    static void str8(ByteBuf out, String s) {
        int len = ByteBufUtil.utf8Bytes(s);
        if (len > 255) {
            throw new IllegalArgumentException("str8 field longer than 255 bytes: " + len);
        }
        out.writeByte(len);
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }

    static void bin8(ByteBuf out, byte[] b) {
        if (b.length > 255) {
            throw new IllegalArgumentException("bin8 field longer than 255 bytes: " + b.length);
        }
        out.writeByte(b.length);
        out.writeBytes(b);
    }

    /** A string in describe() form: quoted, with quotes, backslashes and controls escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Bytes in describe() form: hex, e.g. {@code 0x01ff}, or {@code (empty)}. */
    static String hex(byte[] b) {
        return b.length == 0 ? "(empty)" : "0x" + ByteBufUtil.hexDump(b);
    }

    /** A payload in describe() form: quoted text when it is printable UTF-8, else hex. */
    static String payload(byte[] b) {
        if (b.length == 0) {
            return "(empty)";
        }
        try {
            String s = BodyReader.utf8(b, "payload");
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < 0x20 && s.charAt(i) != '\n') {
                    return hex(b);
                }
            }
            return quote(s);
        } catch (MalformedBodyException e) {
            return hex(b);
        }
    }

    static String code(String name, int code) {
        return name + String.format("(0x%02x)", code);
    }
}
