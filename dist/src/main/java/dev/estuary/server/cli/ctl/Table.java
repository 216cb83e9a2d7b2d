package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints JSON objects as a table: one row per object, chosen fields as columns, each column as wide as its longest
 * value (up to 60 characters; longer values are cut with an ellipsis). Control characters are shown escaped, so
 * hostile client ids cannot garble the terminal.
 */
final class Table {
    private static final int MAX_WIDTH = 60;

    private final List<String> headers = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();

    /** A column: its header and the JSON field it shows (a path with '/' for nested fields). */
    Table column(String header, String field) {
        headers.add(header);
        fields.add(field);
        return this;
    }

    void print(PrintWriter out, Iterable<JsonNode> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(headers.toArray(String[]::new));
        for (JsonNode row : rows) {
            String[] r = new String[fields.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = cell(row.at("/" + fields.get(i)));
            }
            cells.add(r);
        }
        int[] width = new int[headers.size()];
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : pad(r[i], width[i] + 2));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** Prints one object as "key  value" lines. */
    static void printObject(PrintWriter out, JsonNode obj) {
        int w = 0;
        for (var it = obj.fieldNames(); it.hasNext(); ) {
            w = Math.max(w, it.next().length());
        }
        for (var it = obj.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            out.println(pad(e.getKey(), w + 2) + cell(e.getValue()));
        }
    }

    static String cell(JsonNode v) {
        String s;
        if (v == null || v.isMissingNode() || v.isNull()) {
            s = "-";
        } else if (v.isValueNode()) {
            s = v.asText();
        } else {
            s = v.toString();
        }
        s = printable(s);
        return s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH - 1) + "…" : s;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                sb.append("\\x{").append(Integer.toHexString(c).toUpperCase()).append('}');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
