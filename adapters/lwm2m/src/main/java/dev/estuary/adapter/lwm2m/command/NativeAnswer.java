package dev.estuary.adapter.lwm2m.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.Json;
import org.eclipse.leshan.core.node.LwM2mPath;

/**
 * The native answer document (see {@code docs/adapters/lwm2m.md}):
 * <pre>
 * {"id":"42","ok":true,"op":"read","path":"/3/0/0","code":"CONTENT","coapCode":"2.05","value":"Acme","type":"STRING"}
 * {"id":"43","ok":true,"op":"read","path":"/3/0","code":"CONTENT","coapCode":"2.05","values":{"/3/0/0":"Acme",...}}
 * {"id":"44","ok":false,"op":"read","path":"/3/0/99","code":"NOT_FOUND","coapCode":"4.04","error":"not found"}
 * {"id":"45","ok":false,"op":"read","path":"/3/0/0","error":"timeout: no answer from the device within 30s"}
 * </pre>
 */
public final class NativeAnswer {
    private NativeAnswer() {
    }

    /** The answer for an outcome; {@code id} is used when the command could not be parsed. */
    public static ObjectNode of(Outcome o, String id) {
        ObjectNode a = Json.object();
        Command c = o.command();
        String requestId = c != null ? c.id() : id;
        if (requestId != null) {
            a.put("id", requestId);
        }
        a.put("ok", o.ok());
        if (c != null) {
            a.put("op", c.op().label());
            if (c.path() != null) {
                a.put("path", c.path().toString());
            } else {
                ArrayNode paths = a.putArray("paths");
                c.paths().forEach(p -> paths.add(p.toString()));
            }
        }
        if (o.code() != null) {
            a.put("code", o.code().getName());
            a.put("coapCode", Outcome.coapCode(o.code()));
        }
        if (o.singleValue() && o.values().size() == 1) {
            NodeJson.Leaf leaf = o.values().get(0);
            a.set("value", leaf.value());
            a.put("type", leaf.type().name());
        } else if (!o.values().isEmpty()) {
            ObjectNode values = a.putObject("values");
            for (NodeJson.Leaf leaf : o.values()) {
                values.set(text(leaf.path()), leaf.value());
            }
        }
        if (!o.links().isEmpty()) {
            ArrayNode links = a.putArray("links");
            o.links().forEach(links::add);
        }
        if (o.location() != null) {
            a.put("location", o.location());
        }
        if (o.observing()) {
            a.put("observing", true);
        }
        if (o.error() != null) {
            a.put("error", o.error());
        }
        return a;
    }

    private static String text(LwM2mPath p) {
        return p.toString();
    }
}
