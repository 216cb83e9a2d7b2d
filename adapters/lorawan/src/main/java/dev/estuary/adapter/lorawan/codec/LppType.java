package dev.estuary.adapter.lorawan.codec;

import dev.estuary.core.spi.CodecException;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Cayenne LPP data types: code, JSON name, size, resolution and signedness (CayenneLPP README, "Data Types"). */
enum LppType {
    DIGITAL_INPUT(0, "digitalInput", 1, 1, false),
    DIGITAL_OUTPUT(1, "digitalOutput", 1, 1, false),
    ANALOG_INPUT(2, "analogInput", 2, 100, true),
    ANALOG_OUTPUT(3, "analogOutput", 2, 100, true),
    ILLUMINANCE(101, "illuminanceSensor", 2, 1, false),
    PRESENCE(102, "presenceSensor", 1, 1, false),
    TEMPERATURE(103, "temperatureSensor", 2, 10, true),
    HUMIDITY(104, "humiditySensor", 1, 2, false),
    ACCELEROMETER(113, "accelerometer", 6, 1000, true),
    BAROMETER(115, "barometer", 2, 10, false),
    GYROMETER(134, "gyrometer", 6, 100, true),
    GPS(136, "gpsLocation", 9, 0, true);

    final int code;
    final String json;
    final int size;
    final int divisor;
    final boolean signed;

    LppType(int code, String json, int size, int divisor, boolean signed) {
        this.code = code;
        this.json = json;
        this.size = size;
        this.divisor = divisor;
        this.signed = signed;
    }

    static LppType byCode(int code) {
        for (LppType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    static LppType byJson(String name) {
        for (LppType t : values()) {
            if (t.json.equals(name)) {
                return t;
            }
        }
        return null;
    }

    Object read(byte[] b, int off) {
        switch (this) {
            case ACCELEROMETER:
            case GYROMETER: {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("x", scaled(int2(b, off, true), divisor));
                v.put("y", scaled(int2(b, off + 2, true), divisor));
                v.put("z", scaled(int2(b, off + 4, true), divisor));
                return v;
            }
            case GPS: {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("latitude", scaled(int3(b, off), 10000));
                v.put("longitude", scaled(int3(b, off + 3), 10000));
                v.put("altitude", scaled(int3(b, off + 6), 100));
                return v;
            }
            default: {
                int raw = size == 1 ? (b[off] & 0xff) : int2(b, off, signed);
                return divisor == 1 ? (Object) raw : (Object) scaled(raw, divisor);
            }
        }
    }

    void write(ByteArrayOutputStream out, Object value, String where) throws CodecException {
        switch (this) {
            case ACCELEROMETER:
            case GYROMETER: {
                Map<?, ?> m = map(value, where);
                for (String axis : new String[] {"x", "y", "z"}) {
                    put(out, raw(m.get(axis), divisor, where + "." + axis), 2, true, where + "." + axis);
                }
                return;
            }
            case GPS: {
                Map<?, ?> m = map(value, where);
                put(out, raw(m.get("latitude"), 10000, where + ".latitude"), 3, true, where + ".latitude");
                put(out, raw(m.get("longitude"), 10000, where + ".longitude"), 3, true, where + ".longitude");
                put(out, raw(m.get("altitude"), 100, where + ".altitude"), 3, true, where + ".altitude");
                return;
            }
            default:
                put(out, raw(value, divisor, where), size, signed, where);
        }
    }

    private static Map<?, ?> map(Object value, String where) throws CodecException {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new CodecException(where + " must be an object");
    }

    private static long raw(Object value, int divisor, String where) throws CodecException {
        if (!(value instanceof Number n)) {
            throw new CodecException(where + " must be a number");
        }
        return Math.round(n.doubleValue() * divisor);
    }

    private static void put(ByteArrayOutputStream out, long v, int bytes, boolean signed, String where)
            throws CodecException {
        long min = signed ? -(1L << (8 * bytes - 1)) : 0;
        long max = signed ? (1L << (8 * bytes - 1)) - 1 : (1L << (8 * bytes)) - 1;
        if (v < min || v > max) {
            throw new CodecException(where + " is out of range for " + bytes + " byte(s)");
        }
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static double scaled(int raw, int divisor) {
        return raw / (double) divisor;
    }

    private static int int2(byte[] b, int off, boolean signed) {
        int v = (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
        return signed ? (short) v : v;
    }

    private static int int3(byte[] b, int off) {
        int v = (b[off] & 0xff) << 16 | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff);
        return (v << 8) >> 8;
    }
}
