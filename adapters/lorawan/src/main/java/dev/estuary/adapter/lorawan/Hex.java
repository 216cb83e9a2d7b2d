package dev.estuary.adapter.lorawan;

import java.util.HexFormat;
import java.util.Locale;

/** Hex helpers and EUI normalisation (device and gateway EUIs are 16 lowercase hex digits everywhere in Estuary). */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String of(byte[] b) {
        return HEX.formatHex(b);
    }

    /** Parses hex (any case, spaces allowed); throws IllegalArgumentException on bad input. */
    public static byte[] parse(String s) {
        String t = s.replace(" ", "");
        if (t.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + s);
        }
        return HEX.parseHex(t);
    }

    /** An EUI-64 (16 hex digits, any case, optional '-' or ':' separators) as 16 lowercase digits, or null. */
    public static String eui(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace("-", "").replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (t.length() != 16 || !t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return null;
        }
        return t;
    }

    /** Reverses a byte array (LoRaWAN puts multi-byte fields little-endian on the wire). */
    public static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
