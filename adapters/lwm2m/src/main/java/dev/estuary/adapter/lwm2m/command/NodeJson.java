package dev.estuary.adapter.lwm2m.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mRoot;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;

/**
 * LwM2M values as JSON: every node is flattened to its leaves (a single resource or one resource instance), each
 * with its full path, its JSON value and its LwM2M type. Types map as: STRING, INTEGER, UNSIGNED_INTEGER, FLOAT,
 * BOOLEAN to JSON strings, numbers and booleans; OPAQUE to base64 text; TIME to ISO-8601 UTC text; OBJLNK to
 * {@code "3303:0"}; CORELINK to link-format text.
 */
public final class NodeJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NodeJson() {
    }

    /**
     * One leaf value.
     *
     * @param path  its full path
     * @param value its JSON value
     * @param type  its LwM2M type
     */
    public record Leaf(LwM2mPath path, JsonNode value, Type type) {
    }

    /** The leaves of a node found at {@code path}. */
    public static List<Leaf> leaves(LwM2mPath path, LwM2mNode node) {
        List<Leaf> out = new ArrayList<>();
        collect(path, node, out);
        return out;
    }

    /** The leaves of several nodes (a composite response). */
    public static List<Leaf> leaves(Map<LwM2mPath, LwM2mNode> nodes) {
        List<Leaf> out = new ArrayList<>();
        nodes.forEach((p, n) -> {
            if (n != null) {
                collect(p, n, out);
            }
        });
        return out;
    }

    private static void collect(LwM2mPath path, LwM2mNode node, List<Leaf> out) {
        if (node instanceof LwM2mRoot root) {
            root.getObjects().forEach((id, o) -> collect(new LwM2mPath(id), o, out));
        } else if (node instanceof LwM2mObject object) {
            object.getInstances().forEach((id, i) -> collect(path.append(id), i, out));
        } else if (node instanceof LwM2mObjectInstance instance) {
            instance.getResources().forEach((id, r) -> collect(resourcePath(path, id), r, out));
        } else if (node instanceof LwM2mMultipleResource multiple) {
            multiple.getInstances().forEach((id, ri) -> out.add(new Leaf(path.append(id), value(ri.getValue(),
                    ri.getType()), ri.getType())));
        } else if (node instanceof LwM2mSingleResource single) {
            out.add(new Leaf(path, value(single.getValue(), single.getType()), single.getType()));
        } else if (node instanceof LwM2mResourceInstance ri) {
            out.add(new Leaf(path, value(ri.getValue(), ri.getType()), ri.getType()));
        }
    }

    private static LwM2mPath resourcePath(LwM2mPath instancePath, int resourceId) {
        return instancePath.isObjectInstance() ? instancePath.append(resourceId) : instancePath;
    }

    /** A Java value of an LwM2M node as JSON. */
    public static JsonNode value(Object v, Type type) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof ULong u) {
            BigInteger big = new BigInteger(u.toString());
            return big.bitLength() < 64 ? F.numberNode(big.longValue()) : F.numberNode(big);
        }
        if (v instanceof Double d) {
            return F.numberNode(d);
        }
        if (v instanceof Float f) {
            return F.numberNode(f.doubleValue());
        }
        if (v instanceof Number n) {
            return F.numberNode(n.longValue());
        }
        if (v instanceof byte[] bytes) {
            return F.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Date date) {
            return F.textNode(date.toInstant().toString());
        }
        if (v instanceof ObjectLink link) {
            return F.textNode(link.getObjectId() + ":" + link.getObjectInstanceId());
        }
        if (v instanceof Link[] links) {
            return F.textNode(new DefaultLinkSerializer().serializeCoreLinkFormat(links));
        }
        return F.textNode(String.valueOf(v));
    }

    /** Whether a node is a single value (a single resource or a resource instance). */
    public static boolean isSingleValue(LwM2mNode node) {
        return node instanceof LwM2mResourceInstance
                || node instanceof LwM2mResource r && !r.isMultiInstances();
    }
}
