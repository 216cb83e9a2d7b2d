package dev.estuary.adapter.lwm2m.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * Turns a native JSON command ({@code {"id":"42","op":"read","path":"/3/0/0"}}) into a {@link Command}, checking
 * what every op needs: a known {@code op}, a well-formed {@code path} (or {@code paths}), a known {@code format}, a
 * sane {@code timeout}. Each failure is a {@link CommandException} whose message names the problem.
 */
public final class CommandParser {
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    public CommandParser(Duration defaultTimeout, Duration maxTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    /** Parses a payload (UTF-8 JSON). */
    public Command parse(byte[] payload) throws CommandException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new CommandException("payload is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new CommandException("payload is not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new CommandException("a command must be a JSON object like {\"id\":\"1\",\"op\":\"read\","
                    + "\"path\":\"/3/0/0\"}");
        }
        return parse((ObjectNode) tree);
    }

    /** Parses a command object. */
    public Command parse(ObjectNode body) throws CommandException {
        String id = body.hasNonNull("id") && body.get("id").isValueNode() ? body.get("id").asText() : null;
        JsonNode opNode = body.get("op");
        if (opNode == null || opNode.isNull()) {
            throw new CommandException("missing \"op\" (one of " + Op.labels() + ")");
        }
        if (!opNode.isTextual()) {
            throw new CommandException("\"op\" must be a string (one of " + Op.labels() + ")");
        }
        Optional<Op> op = Op.of(opNode.asText());
        if (op.isEmpty()) {
            throw new CommandException("unknown op '" + opNode.asText() + "' (use " + Op.labels() + ")");
        }
        LwM2mPath path = null;
        List<LwM2mPath> paths = List.of();
        if (op.get().singlePath()) {
            path = path(body.get("path"), op.get());
        } else if (op.get() == Op.WRITE_COMPOSITE) {
            paths = pathsOfValues(body.get("values"));
        } else {
            paths = paths(body.get("paths"), op.get());
        }
        return new Command(id, op.get(), path, paths, format(body.get("format")), timeout(body.get("timeout")),
                body);
    }

    private static LwM2mPath path(JsonNode n, Op op) throws CommandException {
        if (n == null || n.isNull()) {
            throw new CommandException("\"path\" is required for " + op.label() + " (e.g. \"/3/0/0\")");
        }
        if (!n.isTextual()) {
            throw new CommandException("\"path\" must be a string like \"/3/0/0\" (was " + n + ")");
        }
        return parsePath(n.asText());
    }

    /**
     * Parses an LwM2M path: {@code /object[/instance[/resource[/resource-instance]]]}.
     *
     * @throws CommandException naming the bad path
     */
    public static LwM2mPath parsePath(String text) throws CommandException {
        if (!text.matches("/\\d{1,5}(/\\d{1,5}){0,3}")) {
            throw new CommandException("bad path '" + text + "': expected /object[/instance[/resource"
                    + "[/resource-instance]]] with decimal ids, e.g. /3303/0/5700");
        }
        try {
            return new LwM2mPath(text);
        } catch (InvalidLwM2mPathException | IllegalArgumentException e) {
            throw new CommandException("bad path '" + text + "': " + e.getMessage());
        }
    }

    private static List<LwM2mPath> paths(JsonNode n, Op op) throws CommandException {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new CommandException("\"paths\" must be a non-empty array of paths for " + op.label()
                    + " (e.g. [\"/3/0/0\",\"/3303/0/5700\"])");
        }
        List<LwM2mPath> out = new ArrayList<>(n.size());
        for (JsonNode p : n) {
            if (!p.isTextual()) {
                throw new CommandException("\"paths\" must contain strings (found " + p + ")");
            }
            out.add(parsePath(p.asText()));
        }
        try {
            LwM2mPath.validateNotOverlapping(out);
        } catch (IllegalArgumentException e) {
            throw new CommandException("\"paths\" overlap: " + e.getMessage());
        }
        return List.copyOf(out);
    }

    private static List<LwM2mPath> pathsOfValues(JsonNode values) throws CommandException {
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new CommandException("write-composite needs \"values\": {\"/3303/0/5750\": \"kitchen\", ...}");
        }
        List<LwM2mPath> out = new ArrayList<>();
        java.util.Iterator<String> names = values.fieldNames();
        while (names.hasNext()) {
            out.add(parsePath(names.next()));
        }
        return List.copyOf(out);
    }

    private static ContentFormat format(JsonNode n) throws CommandException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new CommandException("\"format\" must be a string such as \"SENML_JSON\" (was " + n + ")");
        }
        return Formats.parse(n.asText());
    }

    private Duration timeout(JsonNode n) throws CommandException {
        if (n == null || n.isNull()) {
            return defaultTimeout;
        }
        Duration d;
        if (n.isNumber()) {
            d = Duration.ofMillis(Math.round(n.asDouble() * 1000));
        } else if (n.isTextual()) {
            d = duration(n.asText());
        } else {
            throw new CommandException("\"timeout\" must be seconds or a duration like \"10s\" (was " + n + ")");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(maxTimeout) > 0) {
            throw new CommandException("\"timeout\" must be above 0 and at most " + maxTimeout.toSeconds()
                    + "s (was " + n.asText() + ")");
        }
        return d;
    }

    private static Duration duration(String s) throws CommandException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?").matcher(s.trim());
        if (!m.matches()) {
            throw new CommandException("\"timeout\" must be seconds or a duration like \"10s\", \"500ms\", \"2m\" "
                    + "(was \"" + s + "\")");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = unit.equals("ms") ? v : unit.equals("s") ? v * 1000 : v * 60_000;
        return Duration.ofMillis(Math.round(ms));
    }
}
