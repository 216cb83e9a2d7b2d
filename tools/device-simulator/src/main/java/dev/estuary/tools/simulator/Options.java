package dev.estuary.tools.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The simulator's command line: {@code --name value} pairs and {@code --flag} switches. */
final class Options {
    static final String USAGE = String.join("\n",
            "usage: java -jar estuary-device-simulator-all.jar [--load] [options]",
            "",
            "demo mode (default): connect N devices, each sends a reading every S seconds and acknowledges downlinks",
            "  --devices N        devices to connect (10)",
            "  --interval D       time between readings per device, e.g. 5s, 500ms (5s)",
            "  --prefix P         device ids are P1..PN (sim-)",
            "",
            "load mode (--load): K connections send uplinks as fast as they can (or at --rate)",
            "  --connections K    connections (4)",
            "  --rate R           total uplinks per second, 0 = unlimited (0)",
            "  --payload B        payload bytes per uplink (16)",
            "  --mqtt URI         also count arrivals at an MQTT subscriber, e.g. tcp://127.0.0.1:1883",
            "  --warmup D         send for D before measuring (0)",
            "",
            "common:",
            "  --host H           gateway host (127.0.0.1)",
            "  --port P           gateway port of the spec framing (7878)",
            "  --username U       username in HELLO (none)",
            "  --password P       password in HELLO (none)",
            "  --crc              protect frames with CRC-16",
            "  --keep-alive S     keep-alive in seconds (60)",
            "  --duration D       stop after D (demo: run until interrupted; load: 10s)");

    private final Map<String, String> values = new HashMap<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            if (name.equals("load") || name.equals("crc") || name.equals("help")) {
                values.put(name, "true");
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String string(String name, String def) {
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
    }

    Duration duration(String name, Duration def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }
}
