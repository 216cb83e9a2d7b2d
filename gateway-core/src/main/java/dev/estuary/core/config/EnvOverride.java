package dev.estuary.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration override from the environment: {@code ESTUARY_} followed by the key's path segments joined by
 * a double underscore, case-insensitive. {@code ESTUARY_MQTT__MAX_INFLIGHT=64} sets {@code mqtt.max_inflight};
 * {@code ESTUARY_LISTENERS__TCP__BIND=0.0.0.0:1884} sets {@code listeners.tcp.bind}. Only names containing
 * {@code __} after the prefix are configuration, so {@code ESTUARY_HOME} or {@code ESTUARY_JAVA_OPTS} are not.
 * The value is read as a YAML value ({@code 64}, {@code true}, {@code 15s}, {@code [TLSv1.3]}); text that is not
 * valid YAML is taken as a plain string, and an empty value puts the key back to its default.
 *
 * @param variable the variable name as set
 * @param path     the key's path segments, lower case
 * @param value    the raw value
 */
public record EnvOverride(String variable, List<String> path, String value) {
    static final String PREFIX = "ESTUARY_";
    private static final String SEPARATOR = "__";

    public EnvOverride {
        path = List.copyOf(path);
    }

    /**
     * The overrides in {@code env}, shortest path first (so {@code ESTUARY_LISTENERS__TCP__BIND} wins over a
     * whole {@code ESTUARY_LISTENERS__TCP} section), then by name.
     *
     * @throws ConfigLoadException for a name with an empty path segment, such as {@code ESTUARY_MQTT____X}
     */
    public static List<EnvOverride> from(Map<String, String> env) {
        List<EnvOverride> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.toUpperCase(Locale.ROOT).startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            if (!rest.contains(SEPARATOR)) {
                continue;
            }
            List<String> path = List.of(rest.toLowerCase(Locale.ROOT).split(SEPARATOR, -1));
            if (path.stream().anyMatch(String::isEmpty)) {
                throw new ConfigLoadException(sourceOf(name), "", "empty key segment in the name (use "
                        + PREFIX + "SECTION__KEY, e.g. ESTUARY_MQTT__MAX_INFLIGHT)", null);
            }
            out.add(new EnvOverride(name, path, e.getValue()));
        }
        out.sort(Comparator.comparingInt((EnvOverride o) -> o.path().size()).thenComparing(EnvOverride::variable));
        return out;
    }

    static String sourceOf(String variable) {
        return "environment variable " + variable;
    }

    /** How errors name this override: {@code environment variable ESTUARY_MQTT__MAX_INFLIGHT}. */
    public String source() {
        return sourceOf(variable);
    }

    /** The dotted key, e.g. {@code mqtt.max_inflight}. */
    public String key() {
        return String.join(".", path);
    }

    /** Whether an error at dotted {@code errorKey} concerns this override (same key, inside it, or around it). */
    boolean covers(String errorKey) {
        String k = key();
        return errorKey.equals(k) || errorKey.startsWith(k + ".") || (!errorKey.isEmpty()
                && k.startsWith(errorKey + "."));
    }

    /** The value as a YAML node. */
    JsonNode node(ObjectMapper yaml) {
        if (value.isEmpty()) {
            return yaml.getNodeFactory().nullNode();
        }
        try {
            JsonNode n = yaml.readTree(value);
            if (n != null && !n.isMissingNode()) {
                return n;
            }
        } catch (IOException e) {
            // not YAML: plain text
        }
        return yaml.getNodeFactory().textNode(value);
    }
}
