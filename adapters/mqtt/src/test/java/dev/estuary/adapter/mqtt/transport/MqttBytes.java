package dev.estuary.adapter.mqtt.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MQTT 3.1.1 packets as raw bytes, for tests that must control exactly what goes on the wire (PROXY headers,
 * WebSocket frame boundaries). Every packet is built field by field as the spec (MQTT 3.1.1 §3) lists them.
 */
final class MqttBytes {
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBACK = 9;

    private MqttBytes() {
    }

    /** CONNECT, MQTT 3.1.1 ("MQTT", level 4), clean session, keep alive 60 s. */
    static byte[] connect(String clientId) {
        return connect("MQTT", 4, clientId);
    }

    /** CONNECT with the given protocol name and level byte (3.1 is "MQIsdp"/3; bridges add 0x80). */
    static byte[] connect(String protocolName, int level, String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, protocolName);   // protocol name
        body.write(level);            // protocol level
        body.write(0x02);             // connect flags: clean session
        body.write(0);                // keep alive MSB
        body.write(60);               // keep alive LSB
        string(body, clientId);       // payload: client identifier
        return packet(0x10, body.toByteArray());
    }

    /** SUBSCRIBE with one topic filter. */
    static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);    // packet identifier
        body.write(packetId & 0xFF);
        string(body, filter);         // topic filter
        body.write(qos);              // requested QoS
        return packet(0x82, body.toByteArray());
    }

    /** PUBLISH at QoS 0. */
    static byte[] publish(String topic, String payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);          // topic name (no packet identifier at QoS 0)
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30, body.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The packet type (high nibble of the first byte). */
    static int type(byte[] packet) {
        return (packet[0] & 0xF0) >> 4;
    }

    /** The payload of a QoS 0 PUBLISH as text. */
    static String publishPayload(byte[] packet) {
        int pos = 1;
        while ((packet[pos++] & 0x80) != 0) {
            // skip remaining length
        }
        int topicLength = ((packet[pos] & 0xFF) << 8) | (packet[pos + 1] & 0xFF);
        int start = pos + 2 + topicLength;
        return new String(Arrays.copyOfRange(packet, start, packet.length), StandardCharsets.UTF_8);
    }

    /** Reads one whole packet; throws EOFException when the peer closed first. */
    static byte[] read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int first = data.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        out.write(first);
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = data.readUnsignedByte();
            out.write(b);
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] rest = new byte[length];
        data.readFully(rest);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int n = body.length;
        do {                          // remaining length, variable byte integer
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }
}
