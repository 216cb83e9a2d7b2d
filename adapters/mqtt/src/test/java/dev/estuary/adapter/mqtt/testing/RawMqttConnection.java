package dev.estuary.adapter.mqtt.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw-bytes MQTT client over a plain socket, for hostile input and for checking what the broker puts on the
 * wire (topic aliases, reason codes, properties). It writes whatever bytes it is given ({@link MqttBytes}) and
 * reads whole packets back, without any protocol logic of its own.
 */
public final class RawMqttConnection implements AutoCloseable {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean v5;
    private Packet lastConnack;

    private RawMqttConnection(Socket socket, boolean v5) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.v5 = v5;
    }

    /**
     * Opens a socket to {@code 127.0.0.1:port}.
     *
     * @param v5 whether to parse what comes back as MQTT 5 (properties in CONNACK, PUBLISH, acks)
     */
    public static RawMqttConnection open(int port, boolean v5) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new RawMqttConnection(s, v5);
    }

    /** Opens a socket, sends an MQTT 5 CONNECT for {@code clientId} and expects CONNACK 0x00. */
    public static RawMqttConnection connect5(int port, String clientId, MqttBytes.Properties props)
            throws IOException {
        RawMqttConnection c = open(port, true);
        c.send(MqttBytes.connect(MqttBytes.V5, clientId).properties(props).bytes());
        Packet connack = c.expect(Packet.CONNACK);
        if (connack.reasonCode() != 0) {
            c.close();
            throw new AssertionError("CONNACK " + Integer.toHexString(connack.reasonCode()) + " for " + clientId);
        }
        c.lastConnack = connack;
        return c;
    }

    /** Opens a socket, sends an MQTT 3.1.1 CONNECT for {@code clientId} and expects CONNACK 0. */
    public static RawMqttConnection connect311(int port, String clientId) throws IOException {
        RawMqttConnection c = open(port, false);
        c.send(MqttBytes.connect311(clientId));
        Packet connack = c.expect(Packet.CONNACK);
        if (connack.reasonCode() != 0) {
            c.close();
            throw new AssertionError("CONNACK return code " + connack.reasonCode() + " for " + clientId);
        }
        c.lastConnack = connack;
        return c;
    }

    /** The CONNACK received by {@link #connect5}/{@link #connect311}. */
    public Packet connack() {
        return lastConnack;
    }

    /** "127.0.0.1:port" of this client as the broker sees it (what its log lines name). */
    public String localPeer() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public void send(byte[]... chunks) throws IOException {
        for (byte[] c : chunks) {
            out.write(c);
        }
        out.flush();
    }

    /** Reads the next packet, failing when none arrives within 5 s or the connection closes. */
    public Packet next() throws IOException {
        return next(DEFAULT_WAIT);
    }

    public Packet next(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within " + wait.toMillis() + " ms");
        }
        if (first < 0) {
            throw new EOFException("connection closed by the broker");
        }
        int length = 0;
        int multiplier = 1;
        for (int i = 0; ; i++) {
            int digit = readByte();
            length += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
            if (i == 3) {
                throw new IOException("broker sent a malformed remaining length");
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("connection closed inside a packet");
        }
        return new Packet(first, body, v5);
    }

    /** Reads the next packet and checks its type (one of the {@code Packet} type constants). */
    public Packet expect(int type) throws IOException {
        Packet p = next();
        if (p.type() != type) {
            throw new AssertionError("expected packet type " + type + " but got " + p);
        }
        return p;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a packet");
        }
        return b;
    }

    /**
     * Reads until the broker closes the connection, failing if it stays open for 5 s.
     *
     * @return the packets received before the close, in order
     */
    public List<Packet> awaitClosed() throws IOException {
        return awaitClosed(DEFAULT_WAIT);
    }

    public List<Packet> awaitClosed(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Packet> packets = new ArrayList<>();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("connection still open after " + wait.toMillis() + " ms; got " + packets);
            }
            try {
                packets.add(next(Duration.ofMillis(left)));
            } catch (EOFException | SocketException e) {
                return packets; // closed (a reset counts as closed too)
            } catch (AssertionError e) {
                throw new AssertionError("connection still open after " + wait.toMillis() + " ms; got " + packets);
            }
        }
    }

    /** The one bounded wait allowed: proves that nothing arrives within {@code wait}. */
    public void assertNoPacketWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed, expected it to stay open and quiet");
            }
            throw new AssertionError("expected no packet within " + wait.toMillis() + " ms, got first byte 0x"
                    + Integer.toHexString(b));
        } catch (SocketTimeoutException expected) {
            // nothing arrived: as expected
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One packet received from the broker. */
    public static final class Packet {
        public static final int CONNACK = 2;
        public static final int PUBLISH = 3;
        public static final int PUBACK = 4;
        public static final int PUBREC = 5;
        public static final int PUBREL = 6;
        public static final int PUBCOMP = 7;
        public static final int SUBACK = 9;
        public static final int UNSUBACK = 11;
        public static final int PINGRESP = 13;
        public static final int DISCONNECT = 14;

        private final int first;
        private final byte[] body;
        private final boolean v5;

        Packet(int first, byte[] body, boolean v5) {
            this.first = first;
            this.body = body;
            this.v5 = v5;
        }

        public int type() {
            return first >> 4;
        }

        public int flags() {
            return first & 0x0F;
        }

        public byte[] body() {
            return body.clone();
        }

        /**
         * The reason code: CONNACK's (return code in 3.1.1), DISCONNECT's, or an acknowledgement's (0x00 when
         * the packet omits it, MQTT 5.0 §3.4.2.1).
         */
        public int reasonCode() {
            switch (type()) {
                case CONNACK:
                    return body[1] & 0xFF;
                case DISCONNECT:
                    return body.length == 0 ? 0 : body[0] & 0xFF;
                case PUBACK:
                case PUBREC:
                case PUBREL:
                case PUBCOMP:
                    return body.length > 2 ? body[2] & 0xFF : 0;
                default:
                    throw new IllegalStateException("no single reason code in " + this);
            }
        }

        public boolean sessionPresent() {
            return (body[0] & 1) != 0;
        }

        /** Packet identifier of PUBLISH (QoS > 0), acks, SUBACK and UNSUBACK. */
        public int packetId() {
            if (type() == PUBLISH) {
                int topicLen = u16(body, 0);
                return u16(body, 2 + topicLen);
            }
            return u16(body, 0);
        }

        /** The MQTT 5 properties of this packet (empty when it has none or is MQTT 3.1.1). */
        public PropertyMap properties() {
            if (!v5) {
                return new PropertyMap(Map.of());
            }
            int offset;
            switch (type()) {
                case CONNACK:
                    offset = 2;
                    break;
                case DISCONNECT:
                    offset = 1;
                    break;
                case PUBACK:
                case PUBREC:
                case PUBREL:
                case PUBCOMP:
                    offset = 3;
                    break;
                case SUBACK:
                case UNSUBACK:
                    offset = 2;
                    break;
                case PUBLISH:
                    offset = 2 + u16(body, 0) + (qos() > 0 ? 2 : 0);
                    break;
                default:
                    return new PropertyMap(Map.of());
            }
            if (offset >= body.length) {
                return new PropertyMap(Map.of());
            }
            ByteBuffer b = ByteBuffer.wrap(body, offset, body.length - offset);
            int len = readVarInt(b);
            return PropertyMap.parse(b, len);
        }

        /** SUBACK or UNSUBACK reason codes (MQTT 3.1.1 UNSUBACK has none). */
        public int[] reasonCodes() {
            int offset = 2;
            if (v5) {
                ByteBuffer b = ByteBuffer.wrap(body, 2, body.length - 2);
                int len = readVarInt(b);
                offset = b.position() + len;
            }
            int[] out = new int[body.length - offset];
            for (int i = 0; i < out.length; i++) {
                out[i] = body[offset + i] & 0xFF;
            }
            return out;
        }

        public int qos() {
            return (first >> 1) & 3;
        }

        public boolean retain() {
            return (first & 1) != 0;
        }

        public boolean dup() {
            return (first & 8) != 0;
        }

        /** PUBLISH topic as sent (empty when a topic alias replaces it). */
        public String topic() {
            return new String(body, 2, u16(body, 0), StandardCharsets.UTF_8);
        }

        public byte[] payload() {
            int offset = 2 + u16(body, 0) + (qos() > 0 ? 2 : 0);
            if (v5) {
                ByteBuffer b = ByteBuffer.wrap(body, offset, body.length - offset);
                int len = readVarInt(b);
                offset = b.position() + len;
            }
            byte[] out = new byte[body.length - offset];
            System.arraycopy(body, offset, out, 0, out.length);
            return out;
        }

        public String payloadString() {
            return new String(payload(), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(body.length, 64); i++) {
                hex.append(String.format("%02x", body[i]));
            }
            return "Packet[type=" + type() + ", flags=" + flags() + ", length=" + body.length + ", body=" + hex + "]";
        }

        private static int u16(byte[] b, int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        static int readVarInt(ByteBuffer b) {
            int value = 0;
            int multiplier = 1;
            for (int i = 0; i < 4; i++) {
                int digit = b.get() & 0xFF;
                value += (digit & 0x7F) * multiplier;
                if ((digit & 0x80) == 0) {
                    return value;
                }
                multiplier *= 128;
            }
            throw new IllegalStateException("malformed variable byte integer");
        }
    }

    /** Parsed MQTT 5 properties: values are Integer/Long (numbers), String, byte[] or String[2] (user property). */
    public static final class PropertyMap {
        private final Map<Integer, List<Object>> values;

        PropertyMap(Map<Integer, List<Object>> values) {
            this.values = values;
        }

        static PropertyMap parse(ByteBuffer b, int length) {
            Map<Integer, List<Object>> m = new LinkedHashMap<>();
            int end = b.position() + length;
            while (b.position() < end) {
                int id = b.get() & 0xFF;
                Object v;
                switch (id) {
                    case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28: case 0x29: case 0x2A:
                        v = b.get() & 0xFF;
                        break;
                    case 0x13: case 0x21: case 0x22: case 0x23:
                        v = b.getShort() & 0xFFFF;
                        break;
                    case 0x02: case 0x11: case 0x18: case 0x27:
                        v = b.getInt() & 0xFFFFFFFFL;
                        break;
                    case 0x0B:
                        v = Packet.readVarInt(b);
                        break;
                    case 0x03: case 0x08: case 0x12: case 0x15: case 0x1A: case 0x1C: case 0x1F:
                        v = readString(b);
                        break;
                    case 0x09: case 0x16:
                        v = readBinary(b);
                        break;
                    case 0x26:
                        v = new String[] {readString(b), readString(b)};
                        break;
                    default:
                        throw new IllegalStateException("unknown property id 0x" + Integer.toHexString(id));
                }
                m.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
            }
            return new PropertyMap(m);
        }

        private static byte[] readBinary(ByteBuffer b) {
            byte[] out = new byte[b.getShort() & 0xFFFF];
            b.get(out);
            return out;
        }

        private static String readString(ByteBuffer b) {
            return new String(readBinary(b), StandardCharsets.UTF_8);
        }

        public boolean has(int id) {
            return values.containsKey(id);
        }

        /** The single value of {@code id}, or null. */
        public Object get(int id) {
            List<Object> l = values.get(id);
            return l == null ? null : l.get(0);
        }

        /** A numeric property as a long, or -1 when absent. */
        public long number(int id) {
            Object v = get(id);
            return v == null ? -1 : ((Number) v).longValue();
        }

        public String string(int id) {
            return (String) get(id);
        }

        public byte[] binary(int id) {
            return (byte[]) get(id);
        }

        /** Every value of a repeatable property (subscription identifiers, user properties). */
        public List<Object> all(int id) {
            return values.getOrDefault(id, List.of());
        }

        /** User properties as "name=value" strings, in order. */
        public List<String> userProperties() {
            List<String> out = new ArrayList<>();
            for (Object o : all(0x26)) {
                String[] pair = (String[]) o;
                out.add(pair[0] + "=" + pair[1]);
            }
            return out;
        }

        public Map<Integer, List<Object>> asMap() {
            return values;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<Integer, List<Object>> e : values.entrySet()) {
                sb.append(String.format("0x%02X", e.getKey())).append('=');
                for (Object o : e.getValue()) {
                    sb.append(o instanceof String[] ? String.join(":", (String[]) o)
                            : o instanceof byte[] ? new String((byte[]) o, StandardCharsets.UTF_8) : o).append(' ');
                }
            }
            return sb.append('}').toString();
        }
    }
}
