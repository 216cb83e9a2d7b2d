package dev.estuary.adapter.lwm2m.uplink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.device.Endpoint;
import dev.estuary.core.spi.AdapterMetrics;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.Uplink;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes device values as uplinks: one message per leaf value on
 * {@code devices/lwm2m/{endpoint}/up/{object}/{instance}/{resource}[/{resource instance}]} with the JSON payload
 * {@code {"path":"/3303/0/5700","value":21.5,"type":"FLOAT","timestamp":"2026-11-25T19:40:10.699Z"}}
 * (content type {@code application/json}). The timestamp is the device's (SenML) when it sent one, else the time
 * the gateway received the value.
 */
public final class Uplinks {
    /** Gets the same values in another shape (EMQX mode). */
    public interface Tap {
        void values(Endpoint ep, List<NodeJson.Leaf> leaves, Instant timestamp, String observedPath);
    }

    private final AdapterMetrics.Counter published;
    private final List<Tap> taps = new CopyOnWriteArrayList<>();

    public Uplinks(AdapterMetrics metrics) {
        this.published = metrics.counter("uplinks", "Values published as uplinks (observations and sends)");
    }

    public void addTap(Tap tap) {
        taps.add(tap);
    }

    /** Publishes values of an endpoint. */
    public void publish(Endpoint ep, List<NodeJson.Leaf> leaves, Instant timestamp, String observedPath) {
        DeviceSession s = ep.session();
        if (s == null || leaves.isEmpty()) {
            return;
        }
        Instant ts = timestamp == null ? Instant.now() : timestamp;
        for (NodeJson.Leaf leaf : leaves) {
            ObjectNode doc = Json.object();
            doc.put("path", leaf.path().toString());
            doc.set("value", leaf.value());
            doc.put("type", leaf.type().name());
            doc.put("timestamp", ts.toString());
            s.uplink(Uplink.of(Json.bytes(doc)).channel(leaf.path().toString().substring(1))
                    .contentType("application/json"));
            published.increment();
        }
        for (Tap t : taps) {
            t.values(ep, leaves, ts, observedPath);
        }
    }
}
