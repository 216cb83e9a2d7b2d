package dev.estuary.adapter.lorawan.downlink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.model.DownlinkOutcome;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downlinks waiting for their outcome: when a network server reports one (sent, acknowledged, failed) the
 * requester gets an answer on its response topic or {@code .../reply}. A downlink with no final outcome within the
 * timeout is answered with {@code "status":"timeout"}, never with silence.
 */
public final class DownlinkTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkTracker.class);

    private final Duration timeout;
    private final Clock clock;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(DeviceSession session, DeviceMessage request, DownlinkRequest downlink,
                           String networkServer, long deadline, String lastStatus) {
        Pending with(String status) {
            return new Pending(session, request, downlink, networkServer, deadline, status);
        }
    }

    public DownlinkTracker(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Remembers a queued downlink under its correlation key. */
    public void queued(String key, DeviceSession session, DeviceMessage request, DownlinkRequest downlink,
                       String networkServer) {
        pending.put(key, new Pending(session, request, downlink, networkServer, clock.millis() + timeout.toMillis(),
                DownlinkOutcome.QUEUED));
    }

    /** A network server's report about a downlink; unknown keys (not sent by this node) are ignored. */
    public void report(DownlinkOutcome outcome) {
        Pending p = pending.get(outcome.key());
        if (p == null || p.lastStatus().equals(outcome.status())) {
            return;
        }
        boolean terminal = outcome.terminal(p.downlink().confirmed());
        if (terminal) {
            pending.remove(outcome.key(), p);
        } else {
            pending.replace(outcome.key(), p, p.with(outcome.status()));
        }
        ObjectNode body = answer(p, outcome.key(), !DownlinkOutcome.FAILED.equals(outcome.status()),
                outcome.status());
        if (outcome.detail() != null) {
            body.put("error", outcome.detail());
        }
        p.session().reply(p.request(), Json.bytes(body), "application/json");
    }

    /** Answers every downlink whose deadline passed with a timeout. */
    public void expire() {
        long now = clock.millis();
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
            if (p.deadline() > now) {
                continue;
            }
            it.remove();
            try {
                ObjectNode body = answer(p, e.getKey(), false, "timeout");
                body.put("lastStatus", p.lastStatus());
                body.put("error", "no final outcome from " + p.networkServer() + " within " + timeout);
                p.session().reply(p.request(), Json.bytes(body), "application/json");
            } catch (RuntimeException ex) {
                LOG.warn("could not answer the expired downlink {}: {}", e.getKey(), ex.toString());
            }
        }
    }

    public int size() {
        return pending.size();
    }

    static ObjectNode answer(DownlinkRequest d, String key, boolean ok, String status, String networkServer) {
        ObjectNode body = Json.object();
        if (d.id() != null) {
            body.put("id", d.id());
        }
        body.put("ok", ok);
        body.put("status", status);
        if (key != null) {
            body.put("correlationId", key);
        }
        if (networkServer != null) {
            body.put("networkServer", networkServer);
        }
        return body;
    }

    private static ObjectNode answer(Pending p, String key, boolean ok, String status) {
        return answer(p.downlink(), key, ok, status, p.networkServer());
    }
}
