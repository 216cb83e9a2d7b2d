package dev.estuary.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads compare.sh's raw JSON lines and prints a Markdown table: per scenario and metric the median over the
 * rounds for each broker and the ratio Estuary/Mosquitto, plus Estuary's own 1M/1k subscription ratio.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.estuary.bench.load.CompareTable raw.jsonl</pre>
 */
public final class CompareTable {
    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[-0-9.eE]+|null)");
    private static final String A = "estuary";
    private static final String B = "mosquitto";

    /** Metric key, label, and whether higher is better (for the note column). */
    private record Metric(String key, String label, boolean higherBetter) {
    }

    private static final List<Metric> THROUGHPUT = List.of(
            new Metric("delivered_per_s", "delivered msg/s", true),
            new Metric("loss_pct", "loss %", false),
            new Metric("lat_p50_ms", "latency p50 ms (saturated)", false),
            new Metric("lat_p99_ms", "latency p99 ms (saturated)", false),
            new Metric("broker_cpu_pct", "broker CPU % of its core", false),
            new Metric("broker_cpu_us_per_msg", "broker CPU µs per delivery", false),
            new Metric("broker_rss_kib", "broker RSS KiB", false),
            new Metric("gen_cpu_pct", "generator CPU % of its core", false));
    private static final List<Metric> LATENCY = List.of(
            new Metric("delivered_per_s", "delivered msg/s", true),
            new Metric("lat_p50_ms", "latency p50 ms", false),
            new Metric("lat_p99_ms", "latency p99 ms", false),
            new Metric("lat_p999_ms", "latency p99.9 ms", false),
            new Metric("broker_cpu_us_per_msg", "broker CPU µs per delivery", false),
            new Metric("gen_cpu_pct", "generator CPU % of its core", false));
    private static final List<Metric> RETAINED = List.of(
            new Metric("delivered_per_s", "retained deliveries/s", true),
            new Metric("loss_pct", "loss %", false),
            new Metric("broker_cpu_us_per_msg", "broker CPU µs per delivery", false),
            new Metric("gen_cpu_pct", "generator CPU % of its core", false));
    private static final List<Metric> IDLE = List.of(
            new Metric("connected", "connections held", true),
            new Metric("conn_per_s", "connects/s", true),
            new Metric("broker_rss_bytes_per_conn", "broker RSS bytes per connection", false),
            new Metric("broker_cpu_us_per_conn", "broker CPU µs per connect", false),
            new Metric("broker_rss_kib", "broker RSS KiB with all connected", false),
            new Metric("connect_p99_ms", "connect p99 ms", false),
            new Metric("gen_cpu_pct", "generator CPU % of its core", false));

    private static final List<Metric> UPLINKS = List.of(
            new Metric("uplink_rate", "uplinks/s offered", true),
            new Metric("sent_per_s", "uplinks/s sent", true),
            new Metric("delivered_per_s", "uplinks/s delivered to MQTT", true),
            new Metric("loss_pct", "loss %", false),
            new Metric("lat_p50_ms", "latency p50 ms", false),
            new Metric("lat_p99_ms", "latency p99 ms", false),
            new Metric("broker_cpu_pct", "gateway CPU % (all threads)", false),
            new Metric("broker_cpu_us_per_msg", "gateway CPU µs per uplink", false),
            new Metric("broker_rss_kib", "gateway RSS KiB", false),
            new Metric("gen_cpu_pct", "generator CPU % of its core", false),
            // lwm2m-up only: the registration phase before the uplinks
            new Metric("registrations_per_s", "registrations/s (before the uplinks)", true),
            new Metric("registration_failed", "registrations failed", false));

    private CompareTable() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<String, List<Map<String, String>>>> runs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("{")) {
                continue;
            }
            Map<String, String> f = parse(line);
            runs.computeIfAbsent(f.get("scenario"), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.get("broker"), k -> new ArrayList<>()).add(f);
        }
        StringBuilder out = new StringBuilder();
        out.append("| scenario | metric | Estuary | Mosquitto | Estuary/Mosquitto |\n");
        out.append("|---|---|---:|---:|---:|\n");
        for (var e : runs.entrySet()) {
            String scenario = e.getKey();
            for (Metric m : metricsFor(scenario)) {
                Double a = median(e.getValue().get(A), m.key);
                Double b = median(e.getValue().get(B), m.key);
                if (a == null && b == null) {
                    continue;
                }
                out.append("| ").append(scenario).append(" | ").append(m.label).append(" | ").append(fmt(a))
                        .append(" | ").append(fmt(b)).append(" | ")
                        .append(a != null && b != null && b != 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "")
                        .append(" |\n");
            }
        }
        out.append('\n').append("Medians of ").append(roundsOf(runs)).append(" rounds.\n");
        var k1 = runs.get("pairs-1k");
        var m1 = runs.get("pairs-1m");
        if (k1 != null && m1 != null) {
            for (String broker : List.of(A, B)) {
                Double k = median(k1.get(broker), "delivered_per_s");
                Double m = median(m1.get(broker), "delivered_per_s");
                if (k != null && m != null && k != 0) {
                    out.append(String.format(Locale.ROOT, "%s: pairs throughput with 1M subscriptions / with 1k: "
                            + "%.2f%n", broker, m / k));
                }
            }
        }
        System.out.print(out);
    }

    private static List<Metric> metricsFor(String scenario) {
        if (scenario.startsWith("idle") || scenario.startsWith("conn")) {
            return IDLE;
        }
        if (scenario.startsWith("latency")) {
            return LATENCY;
        }
        if (scenario.startsWith("retained")) {
            return RETAINED;
        }
        if (scenario.contains("-up")) {
            return UPLINKS;
        }
        return THROUGHPUT;
    }

    private static String roundsOf(Map<String, Map<String, List<Map<String, String>>>> runs) {
        int max = 0;
        for (var s : runs.values()) {
            for (var l : s.values()) {
                max = Math.max(max, l.size());
            }
        }
        return Integer.toString(max);
    }

    static Map<String, String> parse(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            String v = m.group(2);
            f.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return f;
    }

    private static Double median(List<Map<String, String>> runs, String key) {
        if (runs == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (Map<String, String> r : runs) {
            String v = r.get(key);
            if (v != null && !v.equals("null")) {
                values.add(Double.parseDouble(v));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : "%.3f", v);
    }
}
