package dev.estuary.adapter.lwm2m.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.leshan.core.link.DefaultLinkParser;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;

/**
 * JSON values from commands to LwM2M nodes, typed by the device's object model (or a {@code "type"} given in the
 * command for resources the model does not know). A value of the wrong type is refused with a message naming the
 * path, the expected type and what was given.
 */
public final class Values {
    private final LwM2mModel model;
    private final Type typeOverride;

    /**
     * @param model        the device's object model
     * @param typeOverride the command's {@code "type"}, or null
     */
    public Values(LwM2mModel model, Type typeOverride) {
        this.model = model;
        this.typeOverride = typeOverride;
    }

    /** Parses a command's {@code "type"} member (e.g. "FLOAT", "Float", "integer"); null when absent. */
    public static Type type(JsonNode n) throws CommandException {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        String t = n.asText().trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        if (t.equals("UNSIGNED") || t.equals("UINT")) {
            t = "UNSIGNED_INTEGER";
        }
        if (t.equals("OBJECTLINK") || t.equals("OBJLINK")) {
            t = "OBJLNK";
        }
        try {
            Type type = Type.valueOf(t);
            if (type == Type.NONE) {
                throw new IllegalArgumentException();
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw new CommandException("unknown type '" + n.asText() + "' (use STRING, INTEGER, UNSIGNED_INTEGER, "
                    + "FLOAT, BOOLEAN, OPAQUE, TIME, OBJLNK, CORELINK)");
        }
    }

    /** The resource model at a path (object id and resource id), or null. */
    public ResourceModel resource(LwM2mPath path) {
        ObjectModelLookup m = new ObjectModelLookup(model);
        return m.resource(path.getObjectId(), path.getResourceId());
    }

    /**
     * The type of the resource at {@code path}.
     *
     * @throws CommandException when neither the model nor the command gives one
     */
    public Type typeOf(LwM2mPath path) throws CommandException {
        if (typeOverride != null) {
            return typeOverride;
        }
        ResourceModel r = resource(path);
        if (r == null) {
            throw new CommandException("no object model for " + path.toResourcePath()
                    + ": add its DDF file to the adapter's models folder, or give \"type\" in the command");
        }
        if (r.type == null || r.type == Type.NONE) {
            throw new CommandException(path.toResourcePath() + " (" + r.name + ") is executable, not writable");
        }
        return r.type;
    }

    /** Whether the model says the resource at {@code path} has multiple instances (false when unknown). */
    public boolean isMultiple(LwM2mPath path) {
        ResourceModel r = resource(path);
        return r != null && Boolean.TRUE.equals(r.multiple);
    }

    /** A JSON value as the Java value Leshan expects for {@code type}. */
    public static Object convert(JsonNode v, Type type, LwM2mPath path) throws CommandException {
        switch (type) {
            case STRING:
                if (v.isTextual()) {
                    return v.asText();
                }
                break;
            case INTEGER:
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return v.asLong();
                }
                break;
            case UNSIGNED_INTEGER:
                if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0
                        && v.bigIntegerValue().bitLength() <= 64) {
                    return ULong.valueOf(new BigInteger(v.asText()));
                }
                break;
            case FLOAT:
                if (v.isNumber()) {
                    return v.asDouble();
                }
                break;
            case BOOLEAN:
                if (v.isBoolean()) {
                    return v.asBoolean();
                }
                break;
            case OPAQUE:
                if (v.isTextual()) {
                    try {
                        return Base64.getDecoder().decode(v.asText());
                    } catch (IllegalArgumentException e) {
                        throw wrong(path, type, v, "base64 text");
                    }
                }
                break;
            case TIME:
                if (v.isIntegralNumber()) {
                    return new Date(v.asLong() * 1000);
                }
                if (v.isTextual()) {
                    try {
                        return Date.from(Instant.parse(v.asText()));
                    } catch (DateTimeParseException e) {
                        throw wrong(path, type, v, "seconds since 1970 or ISO-8601 text");
                    }
                }
                break;
            case OBJLNK:
                if (v.isTextual() && v.asText().matches("\\d{1,5}:\\d{1,5}")) {
                    String[] p = v.asText().split(":");
                    return new ObjectLink(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                }
                break;
            case CORELINK:
                if (v.isTextual()) {
                    try {
                        return new DefaultLinkParser().parseCoreLinkFormat(v.asText().getBytes(
                                java.nio.charset.StandardCharsets.UTF_8));
                    } catch (LinkParseException e) {
                        throw wrong(path, type, v, "link-format text like </3/0>");
                    }
                }
                break;
            default:
                break;
        }
        throw wrong(path, type, v, expected(type));
    }

    private static String expected(Type type) {
        switch (type) {
            case STRING: return "a string";
            case INTEGER: return "an integer";
            case UNSIGNED_INTEGER: return "a non-negative integer";
            case FLOAT: return "a number";
            case BOOLEAN: return "true or false";
            case OPAQUE: return "base64 text";
            case TIME: return "seconds since 1970 or ISO-8601 text";
            case OBJLNK: return "\"objectId:instanceId\" text";
            default: return "link-format text";
        }
    }

    private static CommandException wrong(LwM2mPath path, Type type, JsonNode v, String expected) {
        return new CommandException("wrong value type for " + path + ": " + type + " expects " + expected
                + ", got " + describe(v));
    }

    private static String describe(JsonNode v) {
        String kind = v.isTextual() ? "string" : v.isBoolean() ? "boolean" : v.isNumber() ? "number"
                : v.isObject() ? "object" : v.isArray() ? "array" : v.isNull() ? "null" : "value";
        String text = v.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /**
     * The node to write at {@code path} from a command's {@code value} or {@code values}:
     * <ul>
     *   <li>resource instance {@code /o/i/r/ri}: {@code value};</li>
     *   <li>single resource {@code /o/i/r}: {@code value};</li>
     *   <li>multi-instance resource {@code /o/i/r}: {@code values} as {@code {"0": v, "1": v}};</li>
     *   <li>object instance {@code /o/i}: {@code values} as {@code {"resourceId": v | {"ri": v}}}.</li>
     * </ul>
     */
    public LwM2mNode node(LwM2mPath path, JsonNode value, JsonNode values) throws CommandException {
        if (path.isResourceInstance()) {
            requireValue(path, value);
            Type t = typeOf(path);
            return LwM2mResourceInstance.newInstance(path.getResourceInstanceId(), convert(value, t, path), t);
        }
        if (path.isResource()) {
            if (isPresent(values) || (isPresent(value) && value.isObject() && isMultiple(path))) {
                return multiple(path, isPresent(values) ? values : value);
            }
            requireValue(path, value);
            Type t = typeOf(path);
            return LwM2mSingleResource.newResource(path.getResourceId(), convert(value, t, path), t);
        }
        if (path.isObjectInstance()) {
            if (!isPresent(values) || !values.isObject() || values.isEmpty()) {
                throw new CommandException("writing the instance " + path + " needs \"values\": "
                        + "{\"resourceId\": value, ...}");
            }
            return new LwM2mObjectInstance(path.getObjectInstanceId(), resources(path, values));
        }
        throw new CommandException("cannot write " + path + ": write a resource, a resource instance or an object "
                + "instance (or use write-composite)");
    }

    /** The resources of an instance from {@code {"resourceId": value | {"ri": value}}}. */
    public List<LwM2mResource> resources(LwM2mPath instancePath, JsonNode values) throws CommandException {
        List<LwM2mResource> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = values.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            LwM2mPath rp = child(instancePath, e.getKey(), "resource id");
            JsonNode v = e.getValue();
            if (v.isObject() && (isMultiple(rp) || resource(rp) == null)) {
                out.add(multiple(rp, v));
            } else {
                Type t = typeOf(rp);
                out.add(LwM2mSingleResource.newResource(rp.getResourceId(), convert(v, t, rp), t));
            }
        }
        return out;
    }

    private LwM2mMultipleResource multiple(LwM2mPath path, JsonNode values) throws CommandException {
        if (!values.isObject() || values.isEmpty()) {
            throw new CommandException("values of the multi-instance resource " + path + " must be an object "
                    + "{\"0\": value, \"1\": value}");
        }
        Type t = typeOf(path);
        Map<Integer, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = values.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            LwM2mPath rip = child(path, e.getKey(), "resource instance id");
            map.put(rip.getResourceInstanceId(), convert(e.getValue(), t, rip));
        }
        return LwM2mMultipleResource.newResource(path.getResourceId(), map, t);
    }

    private static LwM2mPath child(LwM2mPath parent, String id, String what) throws CommandException {
        if (!id.matches("\\d{1,5}")) {
            throw new CommandException("bad " + what + " '" + id + "' under " + parent + ": expected a decimal id");
        }
        return parent.append(Integer.parseInt(id));
    }

    private static void requireValue(LwM2mPath path, JsonNode value) throws CommandException {
        if (!isPresent(value)) {
            throw new CommandException("writing " + path + " needs \"value\"");
        }
    }

    private static boolean isPresent(JsonNode n) {
        return n != null && !n.isMissingNode() && !n.isNull();
    }

    /** Finds resource models by ids. */
    private record ObjectModelLookup(LwM2mModel model) {
        ResourceModel resource(Integer objectId, Integer resourceId) {
            if (objectId == null || resourceId == null) {
                return null;
            }
            return model.getResourceModel(objectId, resourceId);
        }
    }
}
