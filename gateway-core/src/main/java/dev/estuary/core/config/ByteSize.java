package dev.estuary.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A size in bytes, written in configuration as a number or with a unit: {@code 1024}, {@code 64KB}, {@code 1MB},
 * {@code 256MB} (binary multiples: 1KB = 1024 bytes).
 */
public record ByteSize(long bytes) {
    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative: " + bytes);
        }
    }

    public static ByteSize of(long bytes) {
        return new ByteSize(bytes);
    }

    @JsonCreator
    public static ByteSize parse(Object value) {
        if (value instanceof Number) {
            return new ByteSize(((Number) value).longValue());
        }
        String s = String.valueOf(value).trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long mult = 1;
        String num = s;
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"},
            {"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"K", "1024"}, {"M", "1048576"},
            {"G", "1073741824"}, {"B", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                num = s.substring(0, s.length() - u[0].length());
                mult = Long.parseLong(u[1]);
                break;
            }
        }
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(num), mult));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + value + "' (use e.g. 1024, 64KB, 1MB)", e);
        }
    }

    public int asInt() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        if (bytes != 0 && bytes % 1073741824L == 0) {
            return bytes / 1073741824L + "GB";
        }
        if (bytes != 0 && bytes % 1048576L == 0) {
            return bytes / 1048576L + "MB";
        }
        if (bytes != 0 && bytes % 1024L == 0) {
            return bytes / 1024L + "KB";
        }
        return Long.toString(bytes);
    }
}
