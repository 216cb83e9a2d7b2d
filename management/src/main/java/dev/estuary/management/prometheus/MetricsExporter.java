package dev.estuary.management.prometheus;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.ListenerStats;
import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.adapter.AdapterMetricsRegistry;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.metrics.BrokerStats;
import dev.estuary.core.webhook.WebhookStats;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.routes.PluginRoutes;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Map;

/**
 * The gateway's metrics in Prometheus text format ({@code GET /metrics}): connections, sessions, topics,
 * subscriptions and retained messages; messages by QoS and direction; drops and disconnects by reason; bytes and
 * packets; per-listener counters; devices online per adapter; ACL denials; bans; webhooks; the adapters' own
 * metrics; the JVM and the process.
 */
public final class MetricsExporter {
    private final ManagementContext ctx;

    public MetricsExporter(ManagementContext ctx) {
        this.ctx = ctx;
    }

    public String scrape() {
        PrometheusText p = new PrometheusText();
        p.family("estuary_info", "gauge", "The gateway's version and node name.")
                .sample("estuary_info", 1, "version", ctx.version(), "node", ctx.node());
        p.single("estuary_uptime_seconds", "gauge", "Seconds since the gateway started.",
                (ctx.broker().clock().millis() - ctx.startedAtMillis()) / 1000.0);
        broker(p);
        listeners(p);
        devices(p);
        protection(p);
        webhooks(p);
        adapterMetrics(p);
        jvm(p);
        return p.toString();
    }

    private void broker(PrometheusText p) {
        BrokerStats.Snapshot s = ctx.stats().sample();
        BrokerMetrics m = ctx.broker().metrics();
        p.single("estuary_connections", "gauge", "Connected clients, devices behind adapters included.",
                s.connections());
        p.single("estuary_connections_max", "gauge", "Most connections at once since start.", s.connectionsMax());
        p.single("estuary_sessions", "gauge", "Sessions, connected or kept for offline clients.", s.sessions());
        p.single("estuary_sessions_max", "gauge", "Most sessions at once since start.", s.sessionsMax());
        p.single("estuary_topics", "gauge", "Distinct subscribed topic filters.", s.topics());
        p.single("estuary_subscriptions", "gauge", "Subscriptions, shared-group members included.",
                s.subscriptions());
        p.single("estuary_retained_messages", "gauge", "Retained messages.", s.retained());
        p.family("estuary_messages_received_total", "counter", "Messages accepted from publishers, by QoS.");
        for (int q = 0; q <= 2; q++) {
            p.sample("estuary_messages_received_total", m.messagesIn(q), "qos", Integer.toString(q));
        }
        p.family("estuary_messages_sent_total", "counter", "Messages written to subscribers, by QoS.");
        for (int q = 0; q <= 2; q++) {
            p.sample("estuary_messages_sent_total", m.messagesOut(q), "qos", Integer.toString(q));
        }
        p.family("estuary_messages_dropped_total", "counter", "Messages not delivered, by reason.");
        for (DropReason r : DropReason.values()) {
            p.sample("estuary_messages_dropped_total", m.droppedCount(r), "reason", r.label());
        }
        p.single("estuary_bytes_received_total", "counter", "Bytes read from MQTT connections.", m.bytesIn());
        p.single("estuary_bytes_sent_total", "counter", "Bytes written to MQTT connections.", m.bytesOut());
        p.single("estuary_packets_received_total", "counter", "MQTT packets received.", m.packetsIn());
        p.single("estuary_packets_sent_total", "counter", "MQTT packets sent.", m.packetsOut());
        p.single("estuary_client_connects_total", "counter", "Accepted connects (MQTT clients and devices).",
                m.connects());
        p.single("estuary_client_connects_refused_total", "counter", "Refused connects.", m.connectsRefused());
        p.family("estuary_client_disconnects_total", "counter", "Ended connections, by reason.");
        for (DisconnectReason r : DisconnectReason.values()) {
            p.sample("estuary_client_disconnects_total", m.disconnects(r), "reason", r.label());
        }
    }

    private void listeners(PrometheusText p) {
        MqttServer mqtt = ctx.mqtt();
        if (mqtt == null) {
            return;
        }
        p.family("estuary_listener_connections", "gauge", "Open connections per MQTT listener.");
        for (ListenerKind k : ListenerKind.values()) {
            p.sample("estuary_listener_connections", mqtt.stats(k).currentConnections(), "listener", k.label());
        }
        p.family("estuary_listener_accepted_total", "counter", "Connections accepted per listener.");
        for (ListenerKind k : ListenerKind.values()) {
            p.sample("estuary_listener_accepted_total", mqtt.stats(k).acceptedConnections(), "listener", k.label());
        }
        p.family("estuary_listener_rejected_total", "counter", "Connections refused over max_connections.");
        for (ListenerKind k : ListenerKind.values()) {
            p.sample("estuary_listener_rejected_total", mqtt.stats(k).rejectedOverLimitCount(), "listener",
                    k.label());
        }
        p.family("estuary_listener_disconnects_total", "counter", "Ended connections per listener, by reason.");
        for (ListenerKind k : ListenerKind.values()) {
            ListenerStats s = mqtt.stats(k);
            for (DisconnectReason r : DisconnectReason.values()) {
                p.sample("estuary_listener_disconnects_total", s.disconnects(r), "listener", k.label(), "reason",
                        r.label());
            }
        }
        p.family("estuary_listener_tls_failures_total", "counter", "TLS handshake failures, by reason.");
        for (ListenerKind k : ListenerKind.values()) {
            mqtt.stats(k).tlsFailures().forEach((reason, n) -> p.sample("estuary_listener_tls_failures_total", n,
                    "listener", k.label(), "reason", reason));
        }
        p.family("estuary_listener_rate_pauses_total", "counter",
                "Times a rate limit paused accepting (accept) or reading from a client (read).");
        for (ListenerKind k : ListenerKind.values()) {
            p.sample("estuary_listener_rate_pauses_total", mqtt.stats(k).acceptPauses(), "listener", k.label(),
                    "kind", "accept");
            p.sample("estuary_listener_rate_pauses_total", mqtt.stats(k).readPauses(), "listener", k.label(),
                    "kind", "read");
        }
    }

    private void devices(PrometheusText p) {
        p.family("estuary_devices_online", "gauge", "Devices connected through each adapter.");
        Map<String, Long> online = PluginRoutes.devicesOnline(ctx);
        if (ctx.adapters() != null) {
            try {
                for (String id : ctx.plugins().runningAdapters()) {
                    online.putIfAbsent(id, 0L);
                }
            } catch (RuntimeException noPlugins) {
                // only the devices seen
            }
        }
        online.forEach((adapter, n) -> p.sample("estuary_devices_online", n, "adapter", adapter));
    }

    private void protection(PrometheusText p) {
        if (ctx.aclDenials() != null) {
            p.family("estuary_acl_denied_total", "counter", "Requests the ACL denied, by action.");
            p.sample("estuary_acl_denied_total", ctx.aclDenials().publishDenied(), "action", "publish");
            p.sample("estuary_acl_denied_total", ctx.aclDenials().subscribeDenied(), "action", "subscribe");
            p.sample("estuary_acl_denied_total", ctx.aclDenials().receiveDenied(), "action", "receive");
        }
        try {
            p.single("estuary_bans", "gauge", "Bans in force.", ctx.bans().list().size());
        } catch (RuntimeException noBans) {
            // no ban list in this gateway
        }
        if (ctx.flapping() != null) {
            p.single("estuary_flapping_bans_total", "counter", "Client ids banned for flapping.",
                    ctx.flapping().bannedCount());
        }
    }

    private void webhooks(PrometheusText p) {
        if (ctx.webhooks() == null) {
            return;
        }
        List<WebhookStats> stats = ctx.webhooks().stats();
        p.family("estuary_webhook_events_total", "counter", "Webhook events by receiver and outcome.");
        for (WebhookStats s : stats) {
            p.sample("estuary_webhook_events_total", s.sent(), "url", s.url(), "outcome", "sent");
            p.sample("estuary_webhook_events_total", s.failed(), "url", s.url(), "outcome", "failed");
            p.sample("estuary_webhook_events_total", s.dropped(), "url", s.url(), "outcome", "dropped");
        }
        p.family("estuary_webhook_retries_total", "counter", "Retried webhook requests.");
        stats.forEach(s -> p.sample("estuary_webhook_retries_total", s.retries(), "url", s.url()));
        p.family("estuary_webhook_queue", "gauge", "Webhook events waiting.");
        stats.forEach(s -> p.sample("estuary_webhook_queue", s.queued(), "url", s.url()));
    }

    private void adapterMetrics(PrometheusText p) {
        if (ctx.adapters() == null) {
            return;
        }
        for (AdapterMetricsRegistry.Metric m : ctx.adapters().metrics().snapshot().values()) {
            p.single(m.name(), m.counter() ? "counter" : "gauge", m.help(), m.value().getAsLong());
        }
    }

    private static void jvm(PrometheusText p) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        p.family("jvm_memory_bytes_used", "gauge", "Used bytes of a JVM memory area.")
                .sample("jvm_memory_bytes_used", heap.getUsed(), "area", "heap")
                .sample("jvm_memory_bytes_used", nonHeap.getUsed(), "area", "nonheap");
        p.family("jvm_memory_bytes_committed", "gauge", "Committed bytes of a JVM memory area.")
                .sample("jvm_memory_bytes_committed", heap.getCommitted(), "area", "heap")
                .sample("jvm_memory_bytes_committed", nonHeap.getCommitted(), "area", "nonheap");
        p.single("jvm_memory_bytes_max", "gauge", "Maximum heap bytes (-1 when undefined).", heap.getMax());
        p.single("jvm_threads_current", "gauge", "Live JVM threads.",
                ManagementFactory.getThreadMXBean().getThreadCount());
        p.single("jvm_classes_loaded", "gauge", "Loaded classes.",
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        p.family("jvm_gc_collections_total", "counter", "Garbage collections, by collector.");
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        gcs.forEach(gc -> p.sample("jvm_gc_collections_total", Math.max(0, gc.getCollectionCount()), "gc",
                gc.getName()));
        p.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection, by collector.");
        gcs.forEach(gc -> p.sample("jvm_gc_collection_seconds_total", Math.max(0, gc.getCollectionTime()) / 1000.0,
                "gc", gc.getName()));
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            p.single("process_cpu_seconds_total", "counter", "CPU time used by the process.",
                    sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            p.single("process_open_fds", "gauge", "Open file descriptors.", unix.getOpenFileDescriptorCount());
            p.single("process_max_fds", "gauge", "File descriptor limit.", unix.getMaxFileDescriptorCount());
        }
        p.single("process_start_time_seconds", "gauge", "Process start time, seconds since the epoch.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    }
}
