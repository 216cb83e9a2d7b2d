package dev.estuary.plugin.meter;

import java.util.Arrays;

/**
 * One frame of the Acme EM-24 meter protocol (see the plugin's README): always 24 bytes.
 *
 * <pre>
 * offset size field
 *  0     1    start byte 0x68
 *  1     6    meter address: 12 BCD digits, most significant first
 *  7     1    control code (see the constants)
 *  8     1    sequence number (0..255); a RELAY_ACK echoes its RELAY's
 *  9     13   data, meaning per control code, zero-padded
 * 22     1    checksum: sum of bytes 0..21, modulo 256
 * 23     1    end byte 0x16
 * </pre>
 *
 * @param address the meter address as 12 decimal digits
 * @param control the control code
 * @param seq     the sequence number
 * @param data    the 13 data bytes
 */
public record MeterFrame(String address, int control, int seq, byte[] data) {
    public static final int LENGTH = 24;
    public static final int DATA_LENGTH = 13;
    public static final int START = 0x68;
    public static final int END = 0x16;

    /** Meter to gateway: log in. Data: password (8 bytes ASCII, NUL-padded), firmware major, minor. */
    public static final int LOGIN = 0x01;
    /** Meter to gateway: a reading. Data: see {@link MeterReading}. */
    public static final int READING = 0x02;
    /** Meter to gateway: still alive. Data: zeros. */
    public static final int HEARTBEAT = 0x03;
    /** Meter to gateway: the relay command was carried out (or not). Data: status (0 done, 1 refused), relay. */
    public static final int RELAY_ACK = 0x04;
    /** Gateway to meter: the answer to LOGIN. Data: result (0 accepted, 1 bad password, 2 not allowed, 3 busy). */
    public static final int LOGIN_ACK = 0x81;
    /** Gateway to meter: switch the relay. Data: 1 closed (on), 0 open (off). */
    public static final int RELAY = 0x84;

    public MeterFrame {
        if (data.length != DATA_LENGTH) {
            data = Arrays.copyOf(data, DATA_LENGTH);
        }
    }

    /** A gateway-to-meter frame with the given data bytes (zero-padded). */
    public static MeterFrame of(String address, int control, int seq, int... data) {
        byte[] d = new byte[DATA_LENGTH];
        for (int i = 0; i < data.length; i++) {
            d[i] = (byte) data[i];
        }
        return new MeterFrame(address, control, seq, d);
    }
}
