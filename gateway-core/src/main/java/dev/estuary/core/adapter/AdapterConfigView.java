package dev.estuary.core.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.config.Durations;
import dev.estuary.core.internal.Json;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link AdapterConfig} over a Jackson tree; errors name the full dotted key. */
final class AdapterConfigView implements AdapterConfig {
    private static final ObjectMapper BINDER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule().addDeserializer(Duration.class,
                    new com.fasterxml.jackson.databind.deser.std.StdDeserializer<Duration>(Duration.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public Duration deserialize(com.fasterxml.jackson.core.JsonParser p,
                                                    com.fasterxml.jackson.databind.DeserializationContext c)
                                throws java.io.IOException {
                            JsonNode n = p.getCodec().readTree(p);
                            try {
                                return Durations.parse(n.isNumber() ? n.numberValue() : n.asText());
                            } catch (IllegalArgumentException e) {
                                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p,
                                        e.getMessage(), n.asText(), Duration.class);
                            }
                        }
                    }));

    private final JsonNode node;
    private final String prefix;

    AdapterConfigView(JsonNode node, String prefix) {
        this.node = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
        this.prefix = prefix;
    }

    private JsonNode at(String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(part);
        }
        return n == null || n.isNull() ? null : n;
    }

    @Override
    public String keyPath(String path) {
        return path == null || path.isEmpty() ? prefix : prefix + "." + path;
    }

    private AdapterConfigException wrong(String path, String expected, JsonNode n) {
        return new AdapterConfigException(keyPath(path) + ": expected " + expected + " (was " + n + ")");
    }

    @Override
    public boolean has(String path) {
        return at(path) != null;
    }

    @Override
    public String getString(String path, String def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        if (!n.isValueNode()) {
            throw wrong(path, "a string", n);
        }
        return n.asText();
    }

    @Override
    public int getInt(String path, int def) {
        long v = getLong(path, def);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new AdapterConfigException(keyPath(path) + ": out of range (" + v + ")");
        }
        return (int) v;
    }

    @Override
    public long getLong(String path, long def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                throw wrong(path, "an integer", n);
            }
        }
        throw wrong(path, "an integer", n);
    }

    @Override
    public double getDouble(String path, double def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                throw wrong(path, "a number", n);
            }
        }
        throw wrong(path, "a number", n);
    }

    @Override
    public boolean getBoolean(String path, boolean def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw wrong(path, "true or false", n);
    }

    @Override
    public Duration getDuration(String path, Duration def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        try {
            return Durations.parse(n.isNumber() ? n.numberValue() : n.asText());
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(keyPath(path) + ": " + e.getMessage());
        }
    }

    @Override
    public List<String> getStringList(String path, List<String> def) {
        JsonNode n = at(path);
        if (n == null) {
            return def;
        }
        if (n.isTextual()) {
            List<String> out = new ArrayList<>();
            for (String s : n.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        if (!n.isArray()) {
            throw wrong(path, "a list", n);
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    @Override
    public AdapterConfig section(String path) {
        JsonNode n = at(path);
        if (n != null && !n.isObject()) {
            throw wrong(path, "a section", n);
        }
        return new AdapterConfigView(n == null ? JsonNodeFactory.instance.objectNode() : n, keyPath(path));
    }

    @Override
    public Map<String, Object> asMap() {
        return node.isObject() ? Json.toMap(node) : Map.of();
    }

    @Override
    public <T> T bind(Class<T> type) {
        try {
            return BINDER.treeToValue(node.isObject() ? node : new ObjectNode(JsonNodeFactory.instance), type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            StringBuilder key = new StringBuilder(prefix);
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    key.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    key.append('[').append(r.getIndex()).append(']');
                }
            }
            Throwable root = e.getCause() instanceof RuntimeException ? e.getCause() : e;
            String msg = root == e ? e.getOriginalMessage() : root.getMessage();
            throw new AdapterConfigException(key + ": " + msg, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AdapterConfigException(prefix + ": " + e.getOriginalMessage(), e);
        }
    }
}
