package dev.estuary.plugin.meter;

import dev.estuary.adapter.tcp.sdk.Decoded;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import java.nio.ByteBuffer;

/**
 * Bytes to {@link MeterFrame}s and back. Bytes before a start byte are line noise from the meter's serial-to-TCP
 * bridge and are skipped; a frame with a wrong end byte, checksum, address digit or control code is invalid and
 * ends the connection.
 */
final class MeterCodec implements VendorCodec<MeterFrame> {

    @Override
    public Decoded<MeterFrame> decode(ByteBuffer in) {
        int start = in.position();
        int n = in.remaining();
        if ((in.get(start) & 0xFF) != MeterFrame.START) {
            int noise = 1;
            while (noise < n && (in.get(start + noise) & 0xFF) != MeterFrame.START) {
                noise++;
            }
            return Decoded.skip(noise, noise + " bytes before the start byte");
        }
        if (n < MeterFrame.LENGTH) {
            return Decoded.needMore(MeterFrame.LENGTH);
        }
        if ((in.get(start + 23) & 0xFF) != MeterFrame.END) {
            return Decoded.invalid(String.format("end byte is 0x%02x, expected 0x16", in.get(start + 23) & 0xFF));
        }
        int sum = 0;
        for (int i = 0; i < 22; i++) {
            sum += in.get(start + i) & 0xFF;
        }
        if ((sum & 0xFF) != (in.get(start + 22) & 0xFF)) {
            return Decoded.invalid(String.format("checksum 0x%02x, computed 0x%02x", in.get(start + 22) & 0xFF,
                    sum & 0xFF));
        }
        StringBuilder address = new StringBuilder(12);
        for (int i = 1; i <= 6; i++) {
            int b = in.get(start + i) & 0xFF;
            if ((b >> 4) > 9 || (b & 0x0F) > 9) {
                return Decoded.invalid(String.format("address byte 0x%02x is not BCD", b));
            }
            address.append(b >> 4).append(b & 0x0F);
        }
        int control = in.get(start + 7) & 0xFF;
        if (control != MeterFrame.LOGIN && control != MeterFrame.READING && control != MeterFrame.HEARTBEAT
                && control != MeterFrame.RELAY_ACK) {
            return Decoded.invalid(String.format("control code 0x%02x is not one a meter sends", control));
        }
        byte[] data = new byte[MeterFrame.DATA_LENGTH];
        for (int i = 0; i < data.length; i++) {
            data[i] = in.get(start + 9 + i);
        }
        return Decoded.frame(MeterFrame.LENGTH, new MeterFrame(address.toString(), control,
                in.get(start + 8) & 0xFF, data));
    }

    @Override
    public byte[] encode(MeterFrame f) {
        return bytes(f);
    }

    /** The 24 bytes of a frame (also used by the tests' fake meter). */
    static byte[] bytes(MeterFrame f) {
        byte[] b = new byte[MeterFrame.LENGTH];
        b[0] = (byte) MeterFrame.START;
        String a = f.address();
        for (int i = 0; i < 6; i++) {
            b[1 + i] = (byte) (((a.charAt(2 * i) - '0') << 4) | (a.charAt(2 * i + 1) - '0'));
        }
        b[7] = (byte) f.control();
        b[8] = (byte) f.seq();
        System.arraycopy(f.data(), 0, b, 9, MeterFrame.DATA_LENGTH);
        int sum = 0;
        for (int i = 0; i < 22; i++) {
            sum += b[i] & 0xFF;
        }
        b[22] = (byte) sum;
        b[23] = (byte) MeterFrame.END;
        return b;
    }
}
