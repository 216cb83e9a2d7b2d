package dev.estuary.management.testing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it refuses anything a Prometheus
 * server would reject or that breaks the format's rules (names, label escapes, values, a TYPE line before the
 * family's samples and at most once, samples of a family kept together, no duplicate series).
 */
public final class PrometheusParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** What was read: each family's type and every series' value, keyed {@code name{a="1",b="2"}}. */
    public record Scrape(Map<String, String> types, Map<String, Double> series) {
        /** The value of a series, or null. */
        public Double value(String name, String... labels) {
            return series.get(key(name, labels));
        }

        /** Every series of one family name. */
        public Map<String, Double> family(String name) {
            Map<String, Double> out = new TreeMap<>();
            series.forEach((k, v) -> {
                if (k.equals(name) || k.startsWith(name + "{")) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }

    private PrometheusParser() {
    }

    /** The series key as {@link Scrape} uses it; labels as name, value pairs (sorted by name). */
    public static String key(String name, String... labels) {
        TreeMap<String, String> l = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return key(name, l);
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    /**
     * Parses a scrape.
     *
     * @throws IllegalArgumentException naming the line and the rule it breaks
     */
    public static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> series = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line must end with a line feed");
        }
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (n + 1) + " '" + line + "': ";
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String family = parts[0];
                if (!NAME.matcher(family).matches()) {
                    throw new IllegalArgumentException(where + "bad metric name");
                }
                if (line.startsWith("# TYPE ")) {
                    if (parts.length < 2 || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException(where + "unknown type");
                    }
                    if (types.containsKey(family)) {
                        throw new IllegalArgumentException(where + "second TYPE line for " + family);
                    }
                    if (finished.contains(family) || family.equals(current)) {
                        throw new IllegalArgumentException(where + "TYPE after samples of " + family);
                    }
                    types.put(family, parts[1]);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Sample s = sample(line, where);
            String family = familyOf(s.name, types);
            if (!family.equals(current)) {
                if (finished.contains(family)) {
                    throw new IllegalArgumentException(where + "samples of " + family + " are not together");
                }
                if (current != null) {
                    finished.add(current);
                }
                current = family;
            }
            if (series.put(key(s.name, s.labels), s.value) != null) {
                throw new IllegalArgumentException(where + "duplicate series");
            }
        }
        return new Scrape(types, series);
    }

    private static String familyOf(String name, Map<String, String> types) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || "summary".equals(t)) {
                    return base;
                }
            }
        }
        return name;
    }

    private record Sample(String name, TreeMap<String, String> labels, double value) {
    }

    private static Sample sample(String line, String where) {
        Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException(where + "bad metric name");
        }
        String name = m.group(1);
        int i = name.length();
        TreeMap<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                    throw new IllegalArgumentException(where + "bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException(where + "label value must be quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        switch (e) {
                            case '\\': v.append('\\'); break;
                            case '"': v.append('"'); break;
                            case 'n': v.append('\n'); break;
                            default: throw new IllegalArgumentException(where + "bad escape \\" + e);
                        }
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                if (labels.put(label, v.toString()) != null) {
                    throw new IllegalArgumentException(where + "label '" + label + "' twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException(where + "too many fields");
        }
        double value;
        switch (rest[0]) {
            case "NaN": value = Double.NaN; break;
            case "+Inf": value = Double.POSITIVE_INFINITY; break;
            case "-Inf": value = Double.NEGATIVE_INFINITY; break;
            default:
                try {
                    value = Double.parseDouble(rest[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "bad value");
                }
        }
        if (rest.length == 2) {
            Long.parseLong(rest[1]); // timestamp in ms
        }
        return new Sample(name, labels, value);
    }
}
