package dev.estuary.adapter.coap.codec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Uri-Query options of a request (RFC 7252 §6.5: one {@code name=value} per option, already percent-decoded)
 * with EMQX's long and short names: {@code clientid}/{@code c}, {@code username}/{@code u}, {@code password}/
 * {@code p}, {@code token}/{@code t}, {@code qos}/{@code q}, {@code retain}/{@code r}. Unknown names are ignored,
 * as EMQX does; a name given twice keeps its first value.
 */
public final class QueryParams {
    private static final Map<String, String> SHORT = Map.of("c", "clientid", "u", "username", "p", "password",
            "t", "token", "q", "qos", "r", "retain");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(List<String> uriQuery) {
        Map<String, String> v = new HashMap<>();
        for (String q : uriQuery) {
            int eq = q.indexOf('=');
            String name = eq < 0 ? q : q.substring(0, eq);
            String value = eq < 0 ? "" : q.substring(eq + 1);
            v.putIfAbsent(SHORT.getOrDefault(name, name), value);
        }
        return new QueryParams(v);
    }

    /** The value of a parameter by its long name, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value of a non-empty parameter, or null when absent or empty. */
    public String nonEmpty(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * {@code qos}: 0, 1 or 2; {@code def} when absent.
     *
     * @throws IllegalArgumentException for any other value
     */
    public int qos(int def) {
        String v = values.get("qos");
        if (v == null || v.isEmpty()) {
            return def;
        }
        switch (v) {
            case "0":
                return 0;
            case "1":
                return 1;
            case "2":
                return 2;
            default:
                throw new IllegalArgumentException("qos must be 0, 1 or 2 (was '" + v + "')");
        }
    }

    /**
     * {@code retain}: true/false or 1/0; false when absent.
     *
     * @throws IllegalArgumentException for any other value
     */
    public boolean retain() {
        String v = values.get("retain");
        if (v == null || v.isEmpty()) {
            return false;
        }
        switch (v) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException("retain must be true, false, 1 or 0 (was '" + v + "')");
        }
    }
}
