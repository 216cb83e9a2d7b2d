package dev.estuary.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One PUBLISH packet encoded once, copied into the outgoing buffer for each message with only the packet id and
 * the send timestamp patched in: the data path builds no packet objects and encodes no strings.
 *
 * <p>Payload layout: bytes 0-7 are {@link System#nanoTime()} at send (CLOCK_MONOTONIC, comparable across processes
 * on one host), the rest is filler. Payloads shorter than 8 bytes carry no timestamp.
 */
final class PublishTemplate {
    private final byte[] bytes;
    private final int packetIdOffset;
    private final int timestampOffset;

    PublishTemplate(String topic, int qos, boolean retain, int payloadSize) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + t.length + (qos > 0 ? 2 : 0) + payloadSize;
        int header = 1 + Wire.varIntSize(remaining);
        bytes = new byte[header + remaining];
        int i = 0;
        bytes[i++] = (byte) (0x30 | qos << 1 | (retain ? 1 : 0));
        int v = remaining;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            bytes[i++] = (byte) (v > 0 ? b | 0x80 : b);
        } while (v > 0);
        bytes[i++] = (byte) (t.length >> 8);
        bytes[i++] = (byte) t.length;
        System.arraycopy(t, 0, bytes, i, t.length);
        i += t.length;
        packetIdOffset = qos > 0 ? i : -1;
        i += qos > 0 ? 2 : 0;
        timestampOffset = payloadSize >= 8 ? i : -1;
        Arrays.fill(bytes, i, bytes.length, (byte) 'x');
    }

    int size() {
        return bytes.length;
    }

    /** Appends this PUBLISH to {@code out} with {@code packetId} (ignored at QoS 0) and the current time. */
    void writeTo(ByteBuf out, int packetId, long nanoTime) {
        int at = out.writerIndex();
        out.writeBytes(bytes);
        if (packetIdOffset >= 0) {
            out.setShort(at + packetIdOffset, packetId);
        }
        if (timestampOffset >= 0) {
            out.setLong(at + timestampOffset, nanoTime);
        }
    }
}
