package dev.estuary.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns Jackson's binding exceptions into one-line {@link ConfigLoadException}s: the full dotted key, a plain
 * problem ("unknown key", "expected an integer (was 'abc')", a record's own range message), and the source that
 * set the key (the file, or the environment variable that overrode it).
 */
final class ConfigErrors {
    private static final Map<Class<?>, String> EXPECTED = Map.of(
            Integer.class, "an integer", Long.class, "an integer", Double.class, "a number",
            Boolean.class, "true or false", String.class, "a string", Duration.class,
            "a duration (e.g. 500ms, 15s, 2m, 2h, 7d, never)", ByteSize.class, "a size (e.g. 1024, 64KB, 1MB)",
            List.class, "a list");

    private final String fileSource;
    private final List<EnvOverride> overrides;
    private final JsonNode tree;

    /**
     * @param fileSource how to name the file in messages
     * @param overrides  the environment overrides applied to {@code tree}
     * @param tree       the merged tree that was bound (to quote offending values)
     */
    ConfigErrors(String fileSource, List<EnvOverride> overrides, JsonNode tree) {
        this.fileSource = fileSource;
        this.overrides = overrides;
        this.tree = tree;
    }

    /** A syntax error in the file itself. */
    static ConfigLoadException syntax(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 0 ? "" : "line " + loc.getLineNr() + ", column "
                + loc.getColumnNr() + ": ";
        return new ConfigLoadException(source, "", where + firstLine(e.getOriginalMessage()), e);
    }

    ConfigLoadException translate(JsonMappingException e) {
        String at = path(e.getPath());
        ConfigException own = causeOfType(e, ConfigException.class);
        if (own != null) {
            return located(join(at, own.key()), problemOf(own), e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return located(at, "unknown key" + known(u.getKnownPropertyIds()), e);
        }
        if (e instanceof MismatchedInputException m) {
            return located(at, "expected " + expected(m.getTargetType()) + " (was " + describe(at) + ")", e);
        }
        IllegalArgumentException iae = causeOfType(e, IllegalArgumentException.class);
        return located(at, iae != null ? iae.getMessage() : firstLine(e.getOriginalMessage()), e);
    }

    /** Attributes the error at {@code key} to the most specific environment override covering it, else the file. */
    ConfigLoadException located(String key, String problem, Throwable cause) {
        String source = fileSource;
        int best = -1;
        for (EnvOverride o : overrides) {
            if (o.covers(key) && o.path().size() > best) {
                best = o.path().size();
                source = o.source();
            }
        }
        return new ConfigLoadException(source, key, problem, cause);
    }

    /** The problem part of a record's exception, without its local key. */
    static String problemOf(ConfigException e) {
        if (e instanceof ConfigLoadException l) {
            return l.problem();
        }
        String msg = e.getMessage();
        return e.key().isEmpty() ? msg : msg.substring(e.key().length() + 2);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String parent, String key) {
        if (parent.isEmpty()) {
            return key;
        }
        return key.isEmpty() ? parent : parent + "." + key;
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return " (known keys: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                + ")";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        String word = EXPECTED.get(type);
        if (word != null) {
            return word;
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isPrimitive()) {
            return type == boolean.class ? "true or false" : "a number";
        }
        return "a section (key: value pairs)";
    }

    private String describe(String dottedKey) {
        JsonNode n = tree;
        for (String part : dottedKey.split("\\.")) {
            if (n == null || part.isEmpty()) {
                break;
            }
            int bracket = part.indexOf('[');
            n = n.get(bracket < 0 ? part : part.substring(0, bracket));
            if (n != null && bracket >= 0) {
                n = n.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a section";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.isTextual() ? "'" + n.asText() + "'" : n.asText();
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
