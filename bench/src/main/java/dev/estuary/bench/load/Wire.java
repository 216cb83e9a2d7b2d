package dev.estuary.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The few MQTT 3.1.1 packets the load generator sends, written straight into a {@link ByteBuf} (no packet
 * objects), plus the packet type constants of what it reads. MQTT 3.1.1 is what both brokers speak and what
 * emqtt-bench uses by default.
 */
final class Wire {
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int UNSUBACK = 11;
    static final int PINGRESP = 13;

    private Wire() {
    }

    static void connect(ByteBuf out, String clientId, int keepAliveSeconds, boolean cleanSession) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        out.writeByte(0x10);
        writeVarInt(out, remaining);
        out.writeShort(4).writeBytes("MQTT".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(4); // protocol level 3.1.1
        out.writeByte(cleanSession ? 0x02 : 0x00);
        out.writeShort(keepAliveSeconds);
        out.writeShort(id.length).writeBytes(id);
    }

    /** One SUBSCRIBE with every filter in {@code filters} at {@code qos}. */
    static void subscribe(ByteBuf out, int packetId, List<String> filters, int qos) {
        int remaining = 2;
        byte[][] encoded = new byte[filters.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = filters.get(i).getBytes(StandardCharsets.UTF_8);
            remaining += 2 + encoded[i].length + 1;
        }
        out.writeByte(0x82);
        writeVarInt(out, remaining);
        out.writeShort(packetId);
        for (byte[] f : encoded) {
            out.writeShort(f.length).writeBytes(f).writeByte(qos);
        }
    }

    static void unsubscribe(ByteBuf out, int packetId, String filter) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        out.writeByte(0xA2);
        writeVarInt(out, 2 + 2 + f.length);
        out.writeShort(packetId).writeShort(f.length).writeBytes(f);
    }

    static void puback(ByteBuf out, int packetId) {
        out.writeByte(0x40).writeByte(2).writeShort(packetId);
    }

    static void pingreq(ByteBuf out) {
        out.writeByte(0xC0).writeByte(0);
    }

    static void disconnect(ByteBuf out) {
        out.writeByte(0xE0).writeByte(0);
    }

    static void writeVarInt(ByteBuf out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    static int varIntSize(int value) {
        return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : 4;
    }
}
