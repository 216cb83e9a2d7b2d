package dev.estuary.adapter.tcp.device;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * A minimal JSON writer for the adapter's replies (the plugin bundles no JSON library and may not use the host's,
 * see {@code docs/plugins.md}): maps, strings, numbers, booleans and null.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The UTF-8 bytes of a JSON object. */
    public static byte[] bytes(Map<String, ?> object) {
        return write(new StringBuilder(64), object).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder write(StringBuilder sb, Object v) {
        if (v == null) {
            return sb.append("null");
        }
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                string(sb, String.valueOf(e.getKey())).append(':');
                write(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            return sb.append('}');
        }
        if (v instanceof Number || v instanceof Boolean) {
            return sb.append(v);
        }
        return string(sb, v.toString());
    }

    private static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
