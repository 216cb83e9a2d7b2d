package dev.estuary.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters of one run, shared by every connection: messages sent, deliveries received, acknowledgements, and
 * the end-to-end latency recorder. Recording neither locks nor allocates ({@link LongAdder}, HdrHistogram's
 * {@link Recorder}), so the generator's own data path stays cheap; the reporter takes interval snapshots.
 */
final class Stats {
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder closedUnexpectedly = new LongAdder();
    /** Deliveries expected but not yet received (closed-loop window). */
    final AtomicLong outstanding = new AtomicLong();
    private final Recorder latency = new Recorder(1, MAX_LATENCY_NANOS, 3);
    private final Recorder connectLatency = new Recorder(1, MAX_LATENCY_NANOS, 3);

    void delivered(long latencyNanos) {
        received.increment();
        outstanding.decrementAndGet();
        if (latencyNanos > 0) {
            latency.recordValue(Math.min(latencyNanos, MAX_LATENCY_NANOS));
        }
    }

    void connected(long nanos) {
        connectLatency.recordValue(Math.max(1, Math.min(nanos, MAX_LATENCY_NANOS)));
    }

    /** Latencies recorded since the previous call. */
    Histogram latencyInterval() {
        return latency.getIntervalHistogram();
    }

    Histogram connectLatencyInterval() {
        return connectLatency.getIntervalHistogram();
    }
}
