package dev.estuary.management.routes;

import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.metrics.BrokerStats;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/status}, {@code /api/v1/stats} and {@code /api/v1/metrics}: the node at a glance. */
public final class StatusRoutes {
    private StatusRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/status", req -> ApiResponse.ok(status(ctx)));
        r.add("GET", "/api/v1/stats", req -> ApiResponse.ok(stats(ctx.stats().sample())));
        r.add("GET", "/api/v1/metrics", req -> ApiResponse.ok(metrics(ctx)));
    }

    static Map<String, Object> status(ManagementContext ctx) {
        long now = ctx.broker().clock().millis();
        BrokerStats.Snapshot s = ctx.stats().sample();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", ctx.node());
        m.put("version", ctx.version());
        m.put("status", "running");
        m.put("started_at", Instant.ofEpochMilli(ctx.startedAtMillis()).toString());
        m.put("uptime_seconds", (now - ctx.startedAtMillis()) / 1000);
        m.put("datetime", Instant.ofEpochMilli(now).toString());
        m.put("connections", s.connections());
        m.put("sessions", s.sessions());
        m.put("subscriptions", s.subscriptions());
        m.put("retained", s.retained());
        m.put("adapters", ctx.adapters() == null ? java.util.List.of() : runningAdapters(ctx));
        return m;
    }

    private static java.util.List<String> runningAdapters(ManagementContext ctx) {
        try {
            return ctx.plugins().runningAdapters();
        } catch (RuntimeException unavailable) {
            return java.util.List.of();
        }
    }

    static Map<String, Object> stats(BrokerStats.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections.count", s.connections());
        m.put("connections.max", s.connectionsMax());
        m.put("sessions.count", s.sessions());
        m.put("sessions.max", s.sessionsMax());
        m.put("topics.count", s.topics());
        m.put("topics.max", s.topicsMax());
        m.put("subscriptions.count", s.subscriptions());
        m.put("subscriptions.max", s.subscriptionsMax());
        m.put("retained.count", s.retained());
        m.put("retained.max", s.retainedMax());
        return m;
    }

    static Map<String, Object> metrics(ManagementContext ctx) {
        BrokerMetrics b = ctx.broker().metrics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messages.received", b.messagesInTotal());
        m.put("messages.sent", b.messagesOutTotal());
        for (int q = 0; q <= 2; q++) {
            m.put("messages.qos" + q + ".received", b.messagesIn(q));
            m.put("messages.qos" + q + ".sent", b.messagesOut(q));
        }
        m.put("messages.dropped", b.droppedTotal());
        for (DropReason r : DropReason.values()) {
            m.put("messages.dropped." + r.label(), b.droppedCount(r));
        }
        m.put("bytes.received", b.bytesIn());
        m.put("bytes.sent", b.bytesOut());
        m.put("packets.received", b.packetsIn());
        m.put("packets.sent", b.packetsOut());
        m.put("client.connected", b.connects());
        m.put("client.refused", b.connectsRefused());
        for (DisconnectReason r : DisconnectReason.values()) {
            m.put("client.disconnected." + r.label(), b.disconnects(r));
        }
        if (ctx.aclDenials() != null) {
            m.put("acl.denied.publish", ctx.aclDenials().publishDenied());
            m.put("acl.denied.subscribe", ctx.aclDenials().subscribeDenied());
            m.put("acl.denied.receive", ctx.aclDenials().receiveDenied());
        }
        return m;
    }
}
