package dev.estuary.core.adapter;

import dev.estuary.core.spi.AdapterMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Metrics registered by adapters, named {@code estuary_adapter_{id}_{name}}. The metrics endpoint and $SYS read
 * them through {@link #snapshot()}.
 */
public final class AdapterMetricsRegistry {
    /** One registered metric. */
    public record Metric(String name, String help, boolean counter, LongSupplier value) {
    }

    private final ConcurrentHashMap<String, Metric> metrics = new ConcurrentHashMap<>();

    /** The view one adapter registers through. */
    AdapterMetrics forAdapter(String adapterId) {
        String prefix = "estuary_adapter_" + adapterId.replace('-', '_') + "_";
        return new AdapterMetrics() {
            @Override
            public Counter counter(String name, String help) {
                checkName(name);
                Metric m = metrics.computeIfAbsent(prefix + name, n -> {
                    LongAdder adder = new LongAdder();
                    return new Metric(n, help, true, new CounterImpl(adder));
                });
                if (!(m.value() instanceof CounterImpl)) {
                    throw new IllegalArgumentException(m.name() + " is already registered as a gauge");
                }
                return (CounterImpl) m.value();
            }

            @Override
            public void gauge(String name, String help, LongSupplier value) {
                checkName(name);
                metrics.put(prefix + name, new Metric(prefix + name, help, false, value));
            }
        };
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("metric names are lowercase letters, digits and '_': " + name);
        }
    }

    /** Every metric, sorted by name. */
    public Map<String, Metric> snapshot() {
        return new TreeMap<>(metrics);
    }

    /** The current value of one metric, or -1 when it is not registered. */
    public long value(String fullName) {
        Metric m = metrics.get(fullName);
        return m == null ? -1 : m.value().getAsLong();
    }

    private static final class CounterImpl implements AdapterMetrics.Counter, LongSupplier {
        private final LongAdder adder;

        CounterImpl(LongAdder adder) {
            this.adder = adder;
        }

        @Override
        public void increment() {
            adder.increment();
        }

        @Override
        public void add(long n) {
            adder.add(n);
        }

        @Override
        public long value() {
            return adder.sum();
        }

        @Override
        public long getAsLong() {
            return adder.sum();
        }
    }
}
