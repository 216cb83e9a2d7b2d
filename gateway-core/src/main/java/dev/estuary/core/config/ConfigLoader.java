package dev.estuary.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the gateway configuration: one YAML file (optional; every key has a default) with environment variable
 * overrides on top (see {@link EnvOverride}), bound to {@link EstuaryConfig} and validated by its records. Any
 * problem, whether an unknown key, a wrong type or a value out of range, is a {@link ConfigLoadException} naming
 * the file or the environment variable and the full dotted key, e.g.
 * {@code estuary.yaml: mqtt.max_inflight: must be between 1 and 65535 (was 0)}.
 *
 * <p>The environment is a constructor parameter, so tests pass a map instead of touching the real one.
 */
public final class ConfigLoader {
    /** The file {@code estuary start} reads from the working directory when no {@code -c} is given. */
    public static final String DEFAULT_FILE = "estuary.yaml";

    private static final ObjectMapper MAPPER = ConfigMapper.create();

    private final List<EnvOverride> overrides;

    /**
     * @param env the environment (normally {@link System#getenv()})
     * @throws ConfigLoadException for a malformed override name
     */
    public ConfigLoader(Map<String, String> env) {
        this.overrides = EnvOverride.from(env);
    }

    /** The overrides found in the environment, in the order they are applied. */
    public List<EnvOverride> overrides() {
        return overrides;
    }

    /**
     * Loads {@code file}, or only defaults and overrides when {@code file} is null.
     *
     * @throws ConfigLoadException when the file cannot be read or any value is invalid
     */
    public EstuaryConfig load(Path file) {
        if (file == null) {
            return parse("", "configuration");
        }
        String source = file.toString();
        try {
            return parse(Files.readString(file), source);
        } catch (NoSuchFileException e) {
            throw new ConfigLoadException(source, "", "file not found", e);
        } catch (AccessDeniedException e) {
            throw new ConfigLoadException(source, "", "cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new ConfigLoadException(source, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Binds YAML text (empty means all defaults) plus the environment overrides.
     *
     * @param source how errors name the text, normally the file name
     */
    public EstuaryConfig parse(String yaml, String source) {
        ObjectNode tree = readTree(yaml, source);
        for (EnvOverride o : overrides) {
            apply(tree, o);
        }
        try {
            return MAPPER.treeToValue(tree, EstuaryConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigErrors(source, overrides, tree).translate(e);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.syntax(source, e);
        } catch (ConfigException e) {
            throw new ConfigErrors(source, overrides, tree).located(e.key(), ConfigErrors.problemOf(e), e);
        }
    }

    /** The configuration as a tree with every key, in the shape of the file (durations and sizes as text). */
    public static ObjectNode toTree(EstuaryConfig config) {
        return MAPPER.valueToTree(config);
    }

    /** The configuration rendered as YAML with every key; loading the result gives the same configuration. */
    public static String toYaml(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render configuration", e);
        }
    }

    /** Same as {@code toYaml(toTree(config))}. */
    public static String toYaml(EstuaryConfig config) {
        return toYaml(toTree(config));
    }

    private static ObjectNode readTree(String yaml, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.syntax(source, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigLoadException(source, "", "expected sections (key: value pairs) at the top level", null);
        }
        return (ObjectNode) root;
    }

    private static void apply(ObjectNode tree, EnvOverride o) {
        ObjectNode section = tree;
        List<String> path = o.path();
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = section.get(path.get(i));
            if (child == null || child.isNull()) {
                child = section.putObject(path.get(i));
            } else if (!child.isObject()) {
                throw new ConfigLoadException(o.source(), String.join(".", path.subList(0, i + 1)),
                        "is a value, not a section, so it has no key '" + path.get(i + 1) + "'", null);
            }
            section = (ObjectNode) child;
        }
        section.set(path.get(path.size() - 1), o.node(MAPPER));
    }
}
