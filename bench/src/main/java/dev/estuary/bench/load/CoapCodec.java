package dev.estuary.bench.load;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small CoAP codec (RFC 7252 §3, RFC 7641 Observe) for the load generator's LwM2M devices, written from the
 * RFCs: it encodes the messages a device sends outside the hot path (REGISTER, answers to the server's requests,
 * the notification templates that {@link Lwm2mUplinks} patches in place) and parses what the server sends.
 */
final class CoapCodec {
    static final int CON = 0;
    static final int NON = 1;
    static final int ACK = 2;
    static final int RST = 3;

    static final int EMPTY = 0;
    static final int GET = 1;
    static final int POST = 2;
    static final int PUT = 3;
    static final int DELETE = 4;
    static final int CREATED = code(2, 1);
    static final int DELETED = code(2, 2);
    static final int CONTENT = code(2, 5);
    static final int BAD_REQUEST = code(4, 0);
    static final int BAD_OPTION = code(4, 2);
    static final int NOT_FOUND = code(4, 4);
    static final int METHOD_NOT_ALLOWED = code(4, 5);
    static final int NOT_ACCEPTABLE = code(4, 6);

    static final int OBSERVE = 6;
    static final int LOCATION_PATH = 8;
    static final int URI_PATH = 11;
    static final int CONTENT_FORMAT = 12;
    static final int URI_QUERY = 15;
    static final int ACCEPT = 17;

    static final int TEXT_PLAIN = 0;
    static final int LINK_FORMAT = 40;

    /** Critical options (odd numbers) a device may receive and still understand the request (RFC 7252 §5.4.1). */
    private static final int[] UNDERSTOOD = {3, 7, 11, 15, 17, 23, 27, 35, 39, 60};

    private CoapCodec() {
    }

    static int code(int codeClass, int detail) {
        return codeClass << 5 | detail;
    }

    /** {@code 2.05} for {@link #CONTENT}. */
    static String codeText(int code) {
        return (code >> 5) + "." + String.format("%02d", code & 0x1F);
    }

    /** An option of a message: its number and raw value. */
    record Option(int number, byte[] value) {
        static Option uint(int number, long value) {
            int len = value == 0 ? 0 : value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[len - 1 - i] = (byte) (value >>> (8 * i));
            }
            return new Option(number, b);
        }

        static Option text(int number, String value) {
            return new Option(number, value.getBytes(StandardCharsets.UTF_8));
        }

        long uintValue() {
            long v = 0;
            for (byte b : value) {
                v = v << 8 | (b & 0xFF);
            }
            return v;
        }

        String textValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** A message as parsed, or to be encoded. */
    record Message(int type, int code, int mid, byte[] token, List<Option> options, byte[] payload) {
        boolean isRequest() {
            return code >= 1 && code < 32;
        }

        boolean isResponse() {
            return code >= 64;
        }

        /** The Observe option's value, or -1 without one. */
        long observe() {
            Option o = first(OBSERVE);
            return o == null ? -1 : o.uintValue();
        }

        /** The Content-Format, or -1 without one. */
        long contentFormat() {
            Option o = first(CONTENT_FORMAT);
            return o == null ? -1 : o.uintValue();
        }

        /** The Accept option, or -1 without one. */
        long accept() {
            Option o = first(ACCEPT);
            return o == null ? -1 : o.uintValue();
        }

        /** Uri-Path segments joined with '/' (no leading slash; "" for the root). */
        String uriPath() {
            return joined(URI_PATH);
        }

        String locationPath() {
            return joined(LOCATION_PATH);
        }

        /** The first critical option this device does not understand, or -1. */
        int unknownCriticalOption() {
            for (Option o : options) {
                if ((o.number & 1) == 1 && java.util.Arrays.binarySearch(UNDERSTOOD, o.number) < 0) {
                    return o.number;
                }
            }
            return -1;
        }

        Option first(int number) {
            for (Option o : options) {
                if (o.number == number) {
                    return o;
                }
            }
            return null;
        }

        private String joined(int number) {
            StringBuilder sb = new StringBuilder();
            for (Option o : options) {
                if (o.number == number) {
                    if (!sb.isEmpty()) {
                        sb.append('/');
                    }
                    sb.append(o.textValue());
                }
            }
            return sb.toString();
        }
    }

    /** Encodes a message; options are sorted by number (stable, so repeated options keep their order). */
    static byte[] encode(int type, int code, int mid, byte[] token, List<Option> options, byte[] payload) {
        if (token.length > 8) {
            throw new IllegalArgumentException("token longer than 8 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (payload == null ? 0 : payload.length));
        out.write(0x40 | type << 4 | token.length);
        out.write(code);
        out.write(mid >> 8 & 0xFF);
        out.write(mid & 0xFF);
        out.write(token, 0, token.length);
        List<Option> sorted = new ArrayList<>(options);
        sorted.sort(Comparator.comparingInt(Option::number));
        int previous = 0;
        for (Option o : sorted) {
            writeOption(out, o.number - previous, o.value);
            previous = o.number;
        }
        if (payload != null && payload.length > 0) {
            out.write(0xFF);
            out.write(payload, 0, payload.length);
        }
        return out.toByteArray();
    }

    private static void writeOption(ByteArrayOutputStream out, int delta, byte[] value) {
        int len = value.length;
        out.write(nibble(delta) << 4 | nibble(len));
        extended(out, delta);
        extended(out, len);
        out.write(value, 0, len);
    }

    private static int nibble(int v) {
        return v < 13 ? v : v < 269 ? 13 : 14;
    }

    private static void extended(ByteArrayOutputStream out, int v) {
        if (v >= 269) {
            out.write(v - 269 >> 8 & 0xFF);
            out.write(v - 269 & 0xFF);
        } else if (v >= 13) {
            out.write(v - 13);
        }
    }

    /**
     * Parses the readable bytes of {@code in} (not consumed).
     *
     * @throws IllegalArgumentException when the datagram is not a well-formed CoAP message
     */
    static Message parse(ByteBuf in) {
        int p = in.readerIndex();
        int end = in.writerIndex();
        if (end - p < 4) {
            throw new IllegalArgumentException("shorter than a CoAP header");
        }
        int first = in.getUnsignedByte(p);
        if (first >> 6 != 1) {
            throw new IllegalArgumentException("CoAP version " + (first >> 6));
        }
        int type = first >> 4 & 3;
        int tkl = first & 0x0F;
        int code = in.getUnsignedByte(p + 1);
        int mid = in.getUnsignedShort(p + 2);
        p += 4;
        if (tkl > 8 || end - p < tkl) {
            throw new IllegalArgumentException("bad token length " + tkl);
        }
        byte[] token = new byte[tkl];
        in.getBytes(p, token);
        p += tkl;
        List<Option> options = new ArrayList<>();
        int number = 0;
        byte[] payload = new byte[0];
        while (p < end) {
            int b = in.getUnsignedByte(p++);
            if (b == 0xFF) {
                if (p == end) {
                    throw new IllegalArgumentException("payload marker without payload");
                }
                payload = new byte[end - p];
                in.getBytes(p, payload);
                break;
            }
            int[] cursor = {p};
            int delta = extendedValue(in, b >> 4, cursor, end);
            int len = extendedValue(in, b & 0x0F, cursor, end);
            p = cursor[0];
            if (end - p < len) {
                throw new IllegalArgumentException("option longer than the datagram");
            }
            number += delta;
            byte[] value = new byte[len];
            in.getBytes(p, value);
            p += len;
            options.add(new Option(number, value));
        }
        return new Message(type, code, mid, token, options, payload);
    }

    private static int extendedValue(ByteBuf in, int nibble, int[] cursor, int end) {
        if (nibble < 13) {
            return nibble;
        }
        if (nibble == 15) {
            throw new IllegalArgumentException("reserved option nibble 15");
        }
        int n = nibble == 13 ? 1 : 2;
        if (end - cursor[0] < n) {
            throw new IllegalArgumentException("truncated option header");
        }
        int v = nibble == 13 ? in.getUnsignedByte(cursor[0]) + 13 : in.getUnsignedShort(cursor[0]) + 269;
        cursor[0] += n;
        return v;
    }
}
