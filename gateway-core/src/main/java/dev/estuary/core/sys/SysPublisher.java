package dev.estuary.core.sys;

import dev.estuary.core.Broker;
import dev.estuary.core.config.SysConfig;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.metrics.BrokerStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the broker's {@code $SYS} topics: at start the retained {@code $SYS/brokers},
 * {@code .../version} and {@code .../sysdescr}; every {@code sys.heartbeat_interval} {@code .../uptime} (seconds)
 * and {@code .../datetime} (ISO-8601, UTC); every {@code sys.interval} {@code .../stats/...} and
 * {@code .../metrics/...}. Payloads are plain text. Each periodic run is guarded, so one failure does not cancel
 * the schedule.
 */
public final class SysPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SysPublisher.class);

    private final Broker broker;
    private final BrokerStats stats;
    private final SysConfig config;
    private final String node;
    private final String version;
    private final SysTopics topics;
    private final ScheduledExecutorService scheduler;
    private final long startedAtMillis;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    public SysPublisher(Broker broker, BrokerStats stats, SysConfig config, String node, String version,
                        ScheduledExecutorService scheduler) {
        this.broker = broker;
        this.stats = stats;
        this.config = config;
        this.node = node;
        this.version = version;
        this.topics = new SysTopics(node);
        this.scheduler = scheduler;
        this.startedAtMillis = broker.clock().millis();
    }

    /** Publishes the static topics and starts the schedules. */
    public synchronized void start() {
        publish(SysTopics.BROKERS, node, true);
        publish(topics.node("version"), version, true);
        publish(topics.node("sysdescr"), "Estuary", true);
        schedule(config.heartbeatInterval().toMillis(), "$SYS heartbeat", this::publishHeartbeat);
        schedule(config.interval().toMillis(), "$SYS statistics", () -> {
            publishStats();
            publishMetrics();
        });
    }

    private void schedule(long periodMs, String what, Runnable task) {
        if (periodMs <= 0) {
            return;
        }
        tasks.add(scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("publishing {} failed; trying again in {} ms", what, periodMs, e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS));
    }

    /** {@code uptime} and {@code datetime}. */
    void publishHeartbeat() {
        long now = broker.clock().millis();
        publish(topics.node("uptime"), Long.toString((now - startedAtMillis) / 1000), false);
        publish(topics.node("datetime"), Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).toString(),
                false);
    }

    /** {@code stats/{connections,sessions,topics,subscriptions,retained}/{count,max}}. */
    void publishStats() {
        BrokerStats.Snapshot s = stats.sample();
        stat("connections", s.connections(), s.connectionsMax());
        stat("sessions", s.sessions(), s.sessionsMax());
        stat("topics", s.topics(), s.topicsMax());
        stat("subscriptions", s.subscriptions(), s.subscriptionsMax());
        stat("retained", s.retained(), s.retainedMax());
    }

    private void stat(String name, long count, long max) {
        publish(topics.node("stats/" + name + "/count"), Long.toString(count), false);
        publish(topics.node("stats/" + name + "/max"), Long.toString(max), false);
    }

    /** {@code metrics/...}: messages, bytes and packets in and out, drops and disconnects by reason. */
    void publishMetrics() {
        BrokerMetrics m = broker.metrics();
        metric("messages/received", m.messagesInTotal());
        metric("messages/sent", m.messagesOutTotal());
        for (int q = 0; q <= 2; q++) {
            metric("messages/qos" + q + "/received", m.messagesIn(q));
            metric("messages/qos" + q + "/sent", m.messagesOut(q));
        }
        metric("messages/dropped", m.droppedTotal());
        for (DropReason r : DropReason.values()) {
            metric("messages/dropped/" + r.label(), m.droppedCount(r));
        }
        metric("bytes/received", m.bytesIn());
        metric("bytes/sent", m.bytesOut());
        metric("packets/received", m.packetsIn());
        metric("packets/sent", m.packetsOut());
        metric("client/connected", m.connects());
        metric("client/refused", m.connectsRefused());
        long disconnects = 0;
        for (DisconnectReason r : DisconnectReason.values()) {
            long n = m.disconnects(r);
            disconnects += n;
            metric("client/disconnected/" + r.label(), n);
        }
        metric("client/disconnected", disconnects);
    }

    private void metric(String name, long value) {
        publish(topics.node("metrics/" + name), Long.toString(value), false);
    }

    private void publish(String topic, String payload, boolean retain) {
        broker.publish(Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(0)
                .retain(retain).createdAtMillis(broker.clock().millis()).build());
    }

    public SysTopics topics() {
        return topics;
    }

    @Override
    public synchronized void close() {
        tasks.forEach(t -> t.cancel(false));
        tasks.clear();
    }
}
