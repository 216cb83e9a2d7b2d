package dev.estuary.adapter.lwm2m.emqx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.command.CommandException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Translates an EMQX LwM2M gateway command ({@code {"reqID":1,"msgType":"read","data":{"path":"/3/0/0"}}}) into
 * the equivalent native command object, so both go through the same parser and operations.
 *
 * <p>msgTypes: {@code read}, {@code discover}, {@code observe}, {@code cancel-observe}, {@code delete} (data.path);
 * {@code write} (data.path, type, value; or data.basePath + content[{path,type,value}]); {@code write-attr}
 * (data.path, pmin, pmax, gt, lt, st); {@code execute} (data.path, args); {@code create} (data.basePath or path,
 * content[]). EMQX writes values as text; they are converted by their {@code type} (String, Integer, Float,
 * Boolean, Opaque (base64), Time (seconds), Objlnk ("3:0")).
 */
public final class EmqxCommands {
    private EmqxCommands() {
    }

    /** The native command for an EMQX command. */
    public static ObjectNode toNative(JsonNode emqx) throws CommandException {
        if (emqx == null || !emqx.isObject()) {
            throw new CommandException("an EMQX command must be a JSON object {\"reqID\",\"msgType\",\"data\"}");
        }
        String type = emqx.path("msgType").asText("");
        JsonNode data = emqx.path("data");
        if (!data.isObject()) {
            throw new CommandException("missing \"data\" object");
        }
        ObjectNode c = Json.object();
        switch (type) {
            case "read":
            case "discover":
            case "observe":
            case "cancel-observe":
            case "delete":
                return c.put("op", type).put("path", path(data));
            case "execute":
                c.put("op", "execute").put("path", path(data));
                if (data.hasNonNull("args") && !data.get("args").asText().isEmpty()) {
                    c.put("args", data.get("args").asText());
                }
                return c;
            case "write-attr":
                return writeAttr(data, c);
            case "write":
                return write(data, c);
            case "create":
                return create(data, c);
            default:
                throw new CommandException("unknown msgType '" + type + "' (use read, discover, write, write-attr, "
                        + "execute, create, delete, observe, cancel-observe)");
        }
    }

    private static String path(JsonNode data) throws CommandException {
        String p = data.path("path").asText("");
        if (p.isEmpty()) {
            throw new CommandException("missing \"data.path\"");
        }
        return p;
    }

    private static ObjectNode writeAttr(JsonNode data, ObjectNode c) throws CommandException {
        c.put("op", "write-attributes").put("path", path(data));
        ObjectNode attrs = c.putObject("attributes");
        for (String a : new String[] {"pmin", "pmax", "gt", "lt", "st"}) {
            JsonNode v = data.get(a);
            if (v != null && !v.isNull() && !v.asText().isEmpty()) {
                try {
                    attrs.put(a, Double.parseDouble(v.asText()));
                    if (a.startsWith("p")) {
                        attrs.put(a, (long) Double.parseDouble(v.asText()));
                    }
                } catch (NumberFormatException e) {
                    throw new CommandException("attribute " + a + " must be a number (was " + v + ")");
                }
            }
        }
        return c;
    }

    private static ObjectNode write(JsonNode data, ObjectNode c) throws CommandException {
        c.put("op", "write");
        if (data.has("content")) {
            String base = data.path("basePath").asText("");
            if (base.isEmpty()) {
                throw new CommandException("a batch write needs \"data.basePath\"");
            }
            c.put("path", base).put("mode", "update");
            ObjectNode values = c.putObject("values");
            for (JsonNode item : data.path("content")) {
                values.set(relative(item.path("path").asText("")), value(item));
            }
            return c;
        }
        c.put("path", path(data));
        c.set("value", value(data));
        return c;
    }

    private static ObjectNode create(JsonNode data, ObjectNode c) throws CommandException {
        String base = data.path("basePath").asText(data.path("path").asText(""));
        if (base.isEmpty()) {
            throw new CommandException("create needs \"data.basePath\"");
        }
        c.put("op", "create").put("path", base);
        ObjectNode values = c.putObject("values");
        for (JsonNode item : data.path("content")) {
            values.set(relative(item.path("path").asText("")), value(item));
        }
        return c;
    }

    private static String relative(String p) throws CommandException {
        String r = p.startsWith("/") ? p.substring(1) : p;
        if (!r.matches("\\d{1,5}")) {
            throw new CommandException("content path '" + p + "' must be a resource id relative to basePath");
        }
        return r;
    }

    /** An EMQX {type, value} as a JSON value of the right kind. */
    static JsonNode value(JsonNode item) throws CommandException {
        JsonNode v = item.path("value");
        String type = item.path("type").asText("").toLowerCase(Locale.ROOT);
        String text = v.asText();
        try {
            switch (type) {
                case "integer":
                case "time":
                case "unsigned integer":
                    return v.isNumber() ? v : Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(text.trim()));
                case "float":
                    return v.isNumber() ? v : Json.MAPPER.getNodeFactory().numberNode(Double.parseDouble(text.trim()));
                case "boolean":
                    if (v.isBoolean()) {
                        return v;
                    }
                    if (text.equals("true") || text.equals("1")) {
                        return Json.MAPPER.getNodeFactory().booleanNode(true);
                    }
                    if (text.equals("false") || text.equals("0")) {
                        return Json.MAPPER.getNodeFactory().booleanNode(false);
                    }
                    throw new CommandException("wrong value type: Boolean expects true/false (was " + v + ")");
                case "string":
                case "opaque":
                case "objlnk":
                case "":
                    return Json.MAPPER.getNodeFactory().textNode(text);
                default:
                    throw new CommandException("unknown type '" + item.path("type").asText() + "' (use String, "
                            + "Integer, Float, Boolean, Opaque, Time, Objlnk)");
            }
        } catch (NumberFormatException e) {
            throw new CommandException("wrong value type: " + item.path("type").asText() + " expects a number (was "
                    + v + ")");
        }
    }

    /** Every member of an object, for iteration in order. */
    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n.fields();
    }
}
