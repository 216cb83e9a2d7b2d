package dev.estuary.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations in configuration: a number of seconds, or a number with a unit ({@code 500ms}, {@code 15s},
 * {@code 2m}, {@code 2h}, {@code 7d}), or {@code never} / {@code infinity} for no limit.
 */
public final class Durations {
    /** What "never" parses to. */
    public static final Duration NEVER = Duration.ofSeconds(Long.MAX_VALUE / 4);

    private Durations() {
    }

    public static Duration parse(Object value) {
        if (value instanceof Number) {
            return Duration.ofMillis(Math.round(((Number) value).doubleValue() * 1000));
        }
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (s.equals("never") || s.equals("infinity") || s.equals("forever")) {
            return NEVER;
        }
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            String num = s.isEmpty() || Character.isDigit(unit) ? s : s.substring(0, s.length() - 1).trim();
            long n = Long.parseLong(num);
            switch (unit) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default:
                    if (Character.isDigit(unit)) {
                        return Duration.ofSeconds(n);
                    }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("not a duration: '" + value + "' (use e.g. 500ms, 15s, 2m, 2h, 7d, never)");
    }

    public static boolean isNever(Duration d) {
        return d.compareTo(NEVER) >= 0;
    }

    public static String format(Duration d) {
        if (isNever(d)) {
            return "never";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Seconds, saturating at {@link Long#MAX_VALUE} for "never". */
    public static long seconds(Duration d) {
        return isNever(d) ? Long.MAX_VALUE : d.getSeconds();
    }
}
