package dev.estuary.adapter.lwm2m.emqx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.CommandParser;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Responder;
import dev.estuary.adapter.lwm2m.device.CommandRunner;
import dev.estuary.adapter.lwm2m.device.Endpoint;
import dev.estuary.adapter.lwm2m.device.Lifecycle;
import dev.estuary.adapter.lwm2m.uplink.Uplinks;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.TopicModel;
import dev.estuary.core.spi.Uplink;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EMQX compatibility mode, for applications written against EMQX's LwM2M gateway. Per endpoint, under the
 * mountpoint ({@code lwm2m/{endpoint}/} by default):
 * <ul>
 *   <li>{@code dn} (and {@code dn/#}): commands {@code {"reqID","msgType","data"}}, answered on {@code up/resp};</li>
 *   <li>{@code up/resp}: {@code {"msgType":"register","data":{"ep","lt","lwm2m","b","sms","objectList",...}}} on
 *       registration, and command answers {@code {"reqID","msgType","data":{"reqPath","code","codeMsg","content"}}};</li>
 *   <li>{@code up/update}: {@code {"msgType":"update","data":{...}}} on registration updates;</li>
 *   <li>{@code up/notify}: {@code {"reqID","msgType":"notify","seqNum","data":{"reqPath","code","codeMsg","content"}}}
 *       for every observation notification.</li>
 * </ul>
 * The native topics keep working alongside. Topics are published and subscribed through the endpoint's device
 * session, so the ACL must allow them.
 */
public final class EmqxMode implements Lifecycle.Listener, Uplinks.Tap {
    private static final Logger LOG = LoggerFactory.getLogger(EmqxMode.class);

    private final String mountpoint;
    private final TopicModel topics;
    private final CommandParser parser;
    private volatile CommandRunner runner;

    public EmqxMode(String mountpoint, TopicModel topics, CommandParser parser) {
        this.mountpoint = mountpoint;
        this.topics = topics;
        this.parser = parser;
    }

    public void wire(CommandRunner r) {
        this.runner = r;
    }

    /** The prefix of an endpoint's EMQX topics. */
    public String prefix(String endpoint) {
        return mountpoint.replace("{endpoint}", topics.encodeDeviceId(endpoint));
    }

    /**
     * The command filter for every endpoint ({@code lwm2m/+/dn/#}), or null when the mountpoint does not hold the
     * endpoint as one whole level.
     */
    public String anyEndpointCommands() {
        for (String level : mountpoint.split("/")) {
            if (level.equals("{endpoint}")) {
                return mountpoint.replace("{endpoint}", "+") + "dn/#";
            }
        }
        return null;
    }

    @Override
    public void registered(Endpoint ep) {
        DeviceSession s = ep.session();
        s.subscribe(prefix(ep.name()) + "dn/#", 1, (ses, m) -> command(ep, ses, m)).exceptionally(e -> {
            LOG.warn("EMQX mode: endpoint {} may not subscribe to its dn topic: {}", ep.name(), e.getMessage());
            return null;
        });
        publish(s, prefix(ep.name()) + "up/resp", Json.object().put("msgType", "register")
                .set("data", registration(ep.registration())));
    }

    @Override
    public void updated(Endpoint ep) {
        publish(ep.session(), prefix(ep.name()) + "up/update", Json.object().put("msgType", "update")
                .set("data", registration(ep.registration())));
    }

    private static ObjectNode registration(Registration r) {
        ObjectNode d = Json.object();
        d.put("ep", r.getEndpoint());
        d.put("lt", r.getLifeTimeInSec());
        if (r.getSmsNumber() != null) {
            d.put("sms", r.getSmsNumber());
        }
        d.put("lwm2m", r.getLwM2mVersion() == null ? "1.0" : r.getLwM2mVersion().toString());
        d.put("b", r.getBindingMode() == null ? "U"
                : org.eclipse.leshan.core.request.BindingMode.toString(r.getBindingMode()));
        d.put("alternatePath", r.getRootPath() == null ? "/" : r.getRootPath());
        ArrayNode objects = d.putArray("objectList");
        if (r.getObjectLinks() != null) {
            for (Link l : r.getObjectLinks()) {
                String uri = l.getUriReference();
                if (!uri.equals("/") && !uri.equals(r.getRootPath())) {
                    objects.add(uri);
                }
            }
        }
        return d;
    }

    private void command(Endpoint ep, DeviceSession s, DeviceMessage m) {
        JsonNode tree = null;
        try {
            tree = Json.MAPPER.readTree(m.payload());
        } catch (java.io.IOException e) {
            // answered below
        }
        JsonNode reqId = tree != null ? tree.get("reqID") : null;
        String msgType = tree != null ? tree.path("msgType").asText("") : "";
        Responder responder = o -> answer(ep, s, reqId, msgType, o);
        if (tree == null) {
            responder.answer(Outcome.failed(null, "payload is not JSON"));
            return;
        }
        Command c;
        try {
            c = parser.parse(EmqxCommands.toNative(tree));
        } catch (CommandException e) {
            responder.answer(Outcome.failed(null, e.getMessage()));
            return;
        }
        runner.run(ep, c, responder);
    }

    /** Answers a command for an endpoint that is not registered (the server's session does this). */
    public void offline(DeviceSession server, DeviceMessage m, String endpoint) {
        JsonNode tree = null;
        try {
            tree = Json.MAPPER.readTree(m.payload());
        } catch (java.io.IOException e) {
            // answered without reqID
        }
        JsonNode reqId = tree != null ? tree.get("reqID") : null;
        String msgType = tree != null ? tree.path("msgType").asText("") : "";
        ObjectNode doc = answerDoc(reqId, msgType, tree != null ? tree.path("data").path("path").asText(null) : null,
                Outcome.failed(null, "endpoint " + endpoint + " is not registered"));
        server.publish(prefix(endpoint) + "up/resp", Uplink.of(Json.bytes(doc)).contentType("application/json"));
    }

    private void answer(Endpoint ep, DeviceSession s, JsonNode reqId, String msgType, Outcome o) {
        Command c = o.command();
        if (o.ok() && o.observing() && c != null && reqId != null) {
            ep.emqxObserveIds().put(c.target(), reqId.asText());
        }
        publish(s, prefix(ep.name()) + "up/resp", answerDoc(reqId, msgType, c == null ? null : c.target(), o));
    }

    private static ObjectNode answerDoc(JsonNode reqId, String msgType, String path, Outcome o) {
        ObjectNode doc = Json.object();
        if (reqId != null) {
            doc.set("reqID", reqId);
        }
        doc.put("msgType", msgType);
        ObjectNode data = doc.putObject("data");
        if (path != null) {
            data.put("reqPath", path);
        }
        if (o.code() != null) {
            data.put("code", Outcome.coapCode(o.code()));
            data.put("codeMsg", codeMsg(o.code()));
        } else {
            boolean timeout = o.error() != null && o.error().startsWith("timeout");
            data.put("code", timeout ? "5.04" : "5.03");
            data.put("codeMsg", timeout ? "timeout" : "service_unavailable");
        }
        if (o.error() != null) {
            data.put("error", o.error());
        }
        if (!o.links().isEmpty()) {
            ArrayNode content = data.putArray("content");
            o.links().forEach(content::add);
        } else if (!o.values().isEmpty()) {
            data.set("content", content(o.values()));
        }
        if (o.location() != null) {
            data.put("location", o.location());
        }
        return doc;
    }

    private static ArrayNode content(List<NodeJson.Leaf> leaves) {
        ArrayNode content = Json.MAPPER.createArrayNode();
        for (NodeJson.Leaf leaf : leaves) {
            content.addObject().put("path", leaf.path().toString()).set("value", leaf.value());
        }
        return content;
    }

    private static String codeMsg(ResponseCode code) {
        return code.getName().toLowerCase(Locale.ROOT);
    }

    @Override
    public void values(Endpoint ep, List<NodeJson.Leaf> leaves, Instant timestamp, String observedPath) {
        DeviceSession s = ep.session();
        if (s == null) {
            return;
        }
        ObjectNode doc = Json.object();
        String reqId = observedPath == null ? null : ep.emqxObserveIds().get(observedPath);
        if (reqId != null) {
            doc.put("reqID", reqId);
        }
        doc.put("msgType", "notify");
        doc.put("seqNum", ep.nextNotifySeq());
        ObjectNode data = doc.putObject("data");
        if (observedPath != null) {
            data.put("reqPath", observedPath);
        }
        data.put("code", "2.05");
        data.put("codeMsg", "content");
        data.set("content", content(leaves));
        publish(s, prefix(ep.name()) + "up/notify", doc);
    }

    private static void publish(DeviceSession s, String topic, ObjectNode doc) {
        s.publish(topic, Uplink.of(Json.bytes(doc)).contentType("application/json")).thenAccept(r -> {
            if (!r.accepted()) {
                LOG.warn("EMQX mode: {} may not publish to {}: {}", s.deviceId(), topic, r.detail());
            }
        });
    }
}
