package dev.estuary.bench.load;

import java.util.Locale;

/** Builds the one-line JSON result by hand (flat keys, numbers and strings): no JSON library needed. */
final class JsonLine {
    private final StringBuilder sb = new StringBuilder("{");

    JsonLine put(String key, String value) {
        sep().append('"').append(key).append("\":");
        if (value == null) {
            sb.append("null");
        } else {
            sb.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return this;
    }

    JsonLine put(String key, long value) {
        sep().append('"').append(key).append("\":").append(value);
        return this;
    }

    JsonLine put(String key, double value) {
        sep().append('"').append(key).append("\":");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            sb.append("null");
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", value));
        }
        return this;
    }

    private StringBuilder sep() {
        if (sb.length() > 1) {
            sb.append(',');
        }
        return sb;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
