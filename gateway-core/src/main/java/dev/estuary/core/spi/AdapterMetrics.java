package dev.estuary.core.spi;

import java.util.function.LongSupplier;

/**
 * Adapter-specific metrics, exported with the gateway's (Prometheus, $SYS). Names are lowercase with underscores;
 * the gateway prefixes them with {@code estuary_adapter_{id}_}. Registering the same name twice returns the same
 * counter.
 */
public interface AdapterMetrics {
    Counter counter(String name, String help);

    void gauge(String name, String help, LongSupplier value);

    /** A monotonically increasing count. */
    interface Counter {
        void increment();

        void add(long n);

        long value();
    }
}
