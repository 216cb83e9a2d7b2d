package dev.estuary.core.metrics;

import dev.estuary.core.Broker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the broker's gauges (connections, sessions, topics, subscriptions, retained messages) and keeps the
 * highest value each has had at any sample, for {@code $SYS/.../stats}, the management API and Prometheus.
 * Connections and sessions keep an exact maximum in {@link BrokerMetrics}; the others are as high as sampled.
 */
public final class BrokerStats {
    private final Broker broker;
    private final AtomicLong topicsMax = new AtomicLong();
    private final AtomicLong subscriptionsMax = new AtomicLong();
    private final AtomicLong retainedMax = new AtomicLong();

    public BrokerStats(Broker broker) {
        this.broker = broker;
    }

    /** The gauges now, with their maxima. */
    public Snapshot sample() {
        BrokerMetrics m = broker.metrics();
        long topics = broker.router().index().filterCount();
        long subscriptions = broker.router().index().size();
        long retained = broker.retained().size();
        return new Snapshot(m.connections(), m.connectionsMax(), m.sessions(), m.sessionsMax(),
                topics, topicsMax.accumulateAndGet(topics, Math::max),
                subscriptions, subscriptionsMax.accumulateAndGet(subscriptions, Math::max),
                retained, retainedMax.accumulateAndGet(retained, Math::max));
    }

    /**
     * The gauges at one moment.
     *
     * @param connections      connected clients (devices behind adapters included)
     * @param sessions         sessions, connected or kept for offline clients
     * @param topics           distinct subscribed topic filters
     * @param subscriptions    subscriptions (shared-group members included)
     * @param retained         retained messages
     */
    public record Snapshot(long connections, long connectionsMax, long sessions, long sessionsMax, long topics,
                           long topicsMax, long subscriptions, long subscriptionsMax, long retained,
                           long retainedMax) {
    }
}
