package dev.estuary.core.config;

import java.time.Duration;

/** Default-and-range helpers for config records: each key is defined once with its default and its bounds. */
public final class Check {
    private Check() {
    }

    public static int intIn(String key, Integer value, int def, int min, int max) {
        int v = value == null ? def : value;
        if (v < min || v > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
        }
        return v;
    }

    public static long longIn(String key, Long value, long def, long min, long max) {
        long v = value == null ? def : value;
        if (v < min || v > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
        }
        return v;
    }

    public static double doubleIn(String key, Double value, double def, double min, double max) {
        double v = value == null ? def : value;
        if (v < min || v > max || Double.isNaN(v)) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " (was " + v + ")");
        }
        return v;
    }

    public static boolean bool(Boolean value, boolean def) {
        return value == null ? def : value;
    }

    public static <T> T or(T value, T def) {
        return value == null ? def : value;
    }

    public static Duration duration(String key, Duration value, Duration def, Duration min, Duration max) {
        Duration v = value == null ? def : value;
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + " (was " + Durations.format(v) + ")");
        }
        return v;
    }

    public static ByteSize size(String key, ByteSize value, ByteSize def, long min, long max) {
        ByteSize v = value == null ? def : value;
        if (v.bytes() < min || v.bytes() > max) {
            throw new ConfigException(key, "must be between " + ByteSize.of(min) + " and " + ByteSize.of(max)
                    + " (was " + v + ")");
        }
        return v;
    }
}
