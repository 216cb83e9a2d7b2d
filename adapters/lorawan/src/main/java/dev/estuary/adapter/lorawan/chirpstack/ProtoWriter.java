package dev.estuary.adapter.lorawan.chirpstack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes ChirpStack's {@code DownlinkCommand} (integration.proto) in protobuf wire format. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private ProtoWriter() {
    }

    /** id=1 string, dev_eui=2 string, confirmed=3 bool, f_port=4 uint32, data=5 bytes. */
    static byte[] downlinkCommand(String id, String devEui, boolean confirmed, int fPort, byte[] data) {
        ProtoWriter w = new ProtoWriter();
        w.bytes(1, id.getBytes(StandardCharsets.UTF_8));
        w.bytes(2, devEui.getBytes(StandardCharsets.UTF_8));
        if (confirmed) {
            w.varint(3, 1);
        }
        w.varint(4, fPort);
        if (data.length > 0) {
            w.bytes(5, data);
        }
        return w.out.toByteArray();
    }

    private void varint(int field, long v) {
        raw(((long) field << 3));
        raw(v);
    }

    private void bytes(int field, byte[] b) {
        raw(((long) field << 3) | 2);
        raw(b.length);
        out.write(b, 0, b.length);
    }

    private void raw(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
