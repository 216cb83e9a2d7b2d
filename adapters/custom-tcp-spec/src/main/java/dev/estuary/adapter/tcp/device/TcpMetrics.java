package dev.estuary.adapter.tcp.device;

import dev.estuary.core.spi.AdapterMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The adapter's counters, exported as {@code estuary_adapter_tcp_*}. One instance per listener kind (the spec
 * listener uses the plain names, a vendor's listener prefixes them with its id).
 */
public final class TcpMetrics {
    public final AdapterMetrics.Counter connections;
    public final AdapterMetrics.Counter refused;
    public final AdapterMetrics.Counter protocolErrors;
    public final AdapterMetrics.Counter uplinks;
    public final AdapterMetrics.Counter uplinksRefused;
    public final AdapterMetrics.Counter downlinks;
    private final AtomicLong open = new AtomicLong();

    public TcpMetrics(AdapterMetrics m, String prefix) {
        connections = m.counter(prefix + "connections_total", "TCP connections accepted");
        refused = m.counter(prefix + "hello_refused_total", "logins refused");
        protocolErrors = m.counter(prefix + "protocol_errors_total", "connections closed for a protocol error");
        uplinks = m.counter(prefix + "uplinks_total", "uplinks handed to the broker");
        uplinksRefused = m.counter(prefix + "uplinks_refused_total", "uplinks the broker did not accept");
        downlinks = m.counter(prefix + "downlinks_total", "downlinks sent to devices (first attempts)");
        m.gauge(prefix + "connections_open", "open TCP connections", open::get);
    }

    public void opened() {
        connections.increment();
        open.incrementAndGet();
    }

    public void closed() {
        open.decrementAndGet();
    }
}
