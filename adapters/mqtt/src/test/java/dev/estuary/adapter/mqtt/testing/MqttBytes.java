package dev.estuary.adapter.mqtt.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written MQTT packet bytes for hostile-input and wire-format tests, independent of Netty's codec. Each
 * builder writes the fields in spec order (MQTT 5.0 §3, MQTT 3.1.1 §3); {@link #packet} adds the fixed header.
 * Nothing here validates: that is the point.
 */
public final class MqttBytes {
    /** CONNECT protocol level of MQTT 3.1.1. */
    public static final int V311 = 4;
    /** CONNECT protocol level of MQTT 5.0. */
    public static final int V5 = 5;

    private MqttBytes() {
    }

    /** A whole packet: first byte (type and flags), Remaining Length as a variable byte integer, body. */
    public static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(firstByte);
        out.writeBytes(varInt(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A Variable Byte Integer (MQTT 5.0 §1.5.5). */
    public static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        do {
            int digit = value % 128;
            value /= 128;
            if (value > 0) {
                digit |= 0x80;
            }
            out.write(digit);
        } while (value > 0);
        return out.toByteArray();
    }

    /** A UTF-8 Encoded String: two-byte length, then the bytes. */
    public static byte[] utf8(String s) {
        return binary(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary Data (or raw string bytes, possibly invalid UTF-8): two-byte length, then the bytes. */
    public static byte[] binary(byte[] b) {
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Bytes from ints (for readable literals like {@code bytes(0x30, 0xFF)}). */
    public static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    public static Properties props() {
        return new Properties();
    }

    public static Connect connect(int level, String clientId) {
        return new Connect(level, clientId);
    }

    /** A minimal MQTT 5 CONNECT with clean start and keep alive 60. */
    public static byte[] connect5(String clientId) {
        return connect(V5, clientId).bytes();
    }

    /** A minimal MQTT 3.1.1 CONNECT with clean session and keep alive 60. */
    public static byte[] connect311(String clientId) {
        return connect(V311, clientId).bytes();
    }

    /**
     * PUBLISH.
     *
     * @param props the MQTT 5 property block ({@link Properties#bytes()}), or null for MQTT 3.1.1
     */
    public static byte[] publish(int qos, boolean retain, String topic, int packetId, byte[] props, byte[] payload) {
        return publishRawTopic(qos, retain, utf8(topic), packetId, props, payload);
    }

    /** PUBLISH whose topic field is given as encoded bytes (to send invalid UTF-8). */
    public static byte[] publishRawTopic(int qos, boolean retain, byte[] encodedTopic, int packetId, byte[] props,
                                         byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(encodedTopic);                         // Topic Name
        if (qos > 0) {
            body.write(packetId >> 8);                         // Packet Identifier
            body.write(packetId);
        }
        if (props != null) {
            body.writeBytes(props);                            // Properties (MQTT 5)
        }
        body.writeBytes(payload);                              // Payload
        return packet(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
    }

    /** An MQTT 5 PUBLISH, QoS 0, no properties. */
    public static byte[] publish5(String topic, String payload) {
        return publish(0, false, topic, 0, props().bytes(), payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SUBSCRIBE with one filter.
     *
     * @param props   MQTT 5 property block, or null for MQTT 3.1.1
     * @param options the subscription options byte (QoS in bits 0-1; MQTT 5 adds no local 0x04,
     *                retain as published 0x08, retain handling bits 4-5)
     */
    public static byte[] subscribe(int packetId, byte[] props, String filter, int options) {
        return subscribeFlags(0x82, packetId, props, filter, options);
    }

    /** SUBSCRIBE with an explicit first byte (to break the reserved flags, which must be 0010). */
    public static byte[] subscribeFlags(int firstByte, int packetId, byte[] props, String filter, int options) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);                             // Packet Identifier
        body.write(packetId);
        if (props != null) {
            body.writeBytes(props);                            // Properties (MQTT 5)
        }
        body.writeBytes(utf8(filter));                         // Topic Filter
        body.write(options);                                   // Subscription Options
        return packet(firstByte, body.toByteArray());
    }

    /** UNSUBSCRIBE with one filter. */
    public static byte[] unsubscribe(int packetId, byte[] props, String filter) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId);
        if (props != null) {
            body.writeBytes(props);
        }
        body.writeBytes(utf8(filter));
        return packet(0xA2, body.toByteArray());
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with only a packet id (reason code 0x00 implied). */
    public static byte[] ack(int firstByte, int packetId) {
        return packet(firstByte, bytes(packetId >> 8, packetId));
    }

    public static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    public static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    public static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    public static byte[] pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    public static byte[] pingreq() {
        return bytes(0xC0, 0x00);
    }

    /** DISCONNECT with reason code 0x00 (the MQTT 3.1.1 form: no body). */
    public static byte[] disconnect() {
        return bytes(0xE0, 0x00);
    }

    /** CONNECT (MQTT 5.0 §3.1, MQTT 3.1.1 §3.1) with every field settable. */
    public static final class Connect {
        private final int level;
        private final String clientId;
        private String protocolName = "MQTT";
        private boolean cleanStart = true;
        private int keepAlive = 60;
        private String username;
        private byte[] password;
        private byte[] properties;
        private boolean reservedBit;
        private int extraFlags;

        Connect(int level, String clientId) {
            this.level = level;
            this.clientId = clientId;
        }

        public Connect protocolName(String v) {
            this.protocolName = v;
            return this;
        }

        public Connect cleanStart(boolean v) {
            this.cleanStart = v;
            return this;
        }

        public Connect keepAlive(int v) {
            this.keepAlive = v;
            return this;
        }

        public Connect username(String v) {
            this.username = v;
            return this;
        }

        /** Sets the password flag and field, whether or not a username is set. */
        public Connect password(byte[] v) {
            this.password = v;
            return this;
        }

        /** MQTT 5 CONNECT properties; defaults to an empty block for level 5. */
        public Connect properties(Properties v) {
            this.properties = v.bytes();
            return this;
        }

        /** Sets CONNECT flag bit 0, which must be 0. */
        public Connect reservedBit(boolean v) {
            this.reservedBit = v;
            return this;
        }

        /** ORs raw bits into the Connect Flags (e.g. will QoS 0x08 or will retain 0x20 without the will flag). */
        public Connect extraFlags(int bits) {
            this.extraFlags = bits;
            return this;
        }

        public byte[] bytes() {
            int flags = (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0) | (cleanStart ? 0x02 : 0)
                    | (reservedBit ? 0x01 : 0) | extraFlags;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8(protocolName));               // Protocol Name
            body.write(level);                                 // Protocol Level
            body.write(flags);                                 // Connect Flags
            body.write(keepAlive >> 8);                        // Keep Alive
            body.write(keepAlive);
            if (level >= V5) {
                body.writeBytes(properties != null ? properties : props().bytes()); // Properties
            }
            body.writeBytes(utf8(clientId));                   // Client Identifier
            if (username != null) {
                body.writeBytes(utf8(username));               // User Name
            }
            if (password != null) {
                body.writeBytes(binary(password));             // Password
            }
            return packet(0x10, body.toByteArray());
        }
    }

    /** An MQTT 5 property block (MQTT 5.0 §2.2.2): the property length, then identifier and value pairs. */
    public static final class Properties {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Properties byteProp(int id, int value) {
            out.write(id);
            out.write(value);
            return this;
        }

        public Properties twoByte(int id, int value) {
            out.write(id);
            out.write(value >> 8);
            out.write(value);
            return this;
        }

        public Properties fourByte(int id, long value) {
            out.write(id);
            out.write((int) (value >> 24));
            out.write((int) (value >> 16));
            out.write((int) (value >> 8));
            out.write((int) value);
            return this;
        }

        public Properties string(int id, String value) {
            out.write(id);
            out.writeBytes(utf8(value));
            return this;
        }

        public Properties binaryProp(int id, byte[] value) {
            out.write(id);
            out.writeBytes(binary(value));
            return this;
        }

        public Properties varIntProp(int id, int value) {
            out.write(id);
            out.writeBytes(varInt(value));
            return this;
        }

        public Properties userProperty(String name, String value) {
            out.write(PropertyIds.USER_PROPERTY);
            out.writeBytes(utf8(name));
            out.writeBytes(utf8(value));
            return this;
        }

        public Properties topicAlias(int alias) {
            return twoByte(PropertyIds.TOPIC_ALIAS, alias);
        }

        public Properties topicAliasMaximum(int max) {
            return twoByte(PropertyIds.TOPIC_ALIAS_MAXIMUM, max);
        }

        public Properties receiveMaximum(int max) {
            return twoByte(PropertyIds.RECEIVE_MAXIMUM, max);
        }

        public Properties maximumPacketSize(long max) {
            return fourByte(PropertyIds.MAXIMUM_PACKET_SIZE, max);
        }

        public Properties sessionExpiry(long seconds) {
            return fourByte(PropertyIds.SESSION_EXPIRY_INTERVAL, seconds);
        }

        public Properties messageExpiry(long seconds) {
            return fourByte(PropertyIds.MESSAGE_EXPIRY_INTERVAL, seconds);
        }

        public Properties payloadFormat(int indicator) {
            return byteProp(PropertyIds.PAYLOAD_FORMAT_INDICATOR, indicator);
        }

        public Properties subscriptionId(int id) {
            return varIntProp(PropertyIds.SUBSCRIPTION_IDENTIFIER, id);
        }

        /** The block: Property Length as a variable byte integer, then the properties. */
        public byte[] bytes() {
            byte[] body = out.toByteArray();
            return concat(varInt(body.length), body);
        }
    }

    /** MQTT 5 property identifiers (MQTT 5.0 §2.2.2.2). */
    public static final class PropertyIds {
        public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
        public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
        public static final int CONTENT_TYPE = 0x03;
        public static final int RESPONSE_TOPIC = 0x08;
        public static final int CORRELATION_DATA = 0x09;
        public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
        public static final int SESSION_EXPIRY_INTERVAL = 0x11;
        public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
        public static final int SERVER_KEEP_ALIVE = 0x13;
        public static final int AUTHENTICATION_METHOD = 0x15;
        public static final int AUTHENTICATION_DATA = 0x16;
        public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
        public static final int WILL_DELAY_INTERVAL = 0x18;
        public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
        public static final int RESPONSE_INFORMATION = 0x1A;
        public static final int SERVER_REFERENCE = 0x1C;
        public static final int REASON_STRING = 0x1F;
        public static final int RECEIVE_MAXIMUM = 0x21;
        public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
        public static final int TOPIC_ALIAS = 0x23;
        public static final int MAXIMUM_QOS = 0x24;
        public static final int RETAIN_AVAILABLE = 0x25;
        public static final int USER_PROPERTY = 0x26;
        public static final int MAXIMUM_PACKET_SIZE = 0x27;
        public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
        public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
        public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

        private PropertyIds() {
        }
    }
}
