package dev.estuary.adapter.mqtt;

import dev.estuary.core.hooks.DisconnectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-listener counters: open and accepted connections, connections refused over {@code max_connections},
 * disconnect reasons, TLS handshake failures by reason and PROXY protocol errors. Thread-safe.
 */
public final class ListenerStats {
    private final AtomicInteger current = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejectedOverLimit = new LongAdder();
    private final LongAdder proxyProtocolErrors = new LongAdder();
    private final LongAdder acceptPauses = new LongAdder();
    private final LongAdder readPauses = new LongAdder();
    private final EnumMap<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final ConcurrentHashMap<String, LongAdder> tlsFailures = new ConcurrentHashMap<>();

    public ListenerStats() {
        for (DisconnectReason r : DisconnectReason.values()) {
            disconnects.put(r, new LongAdder());
        }
    }

    /** Counts a new connection; returns the number now open. */
    public int opened() {
        accepted.increment();
        return current.incrementAndGet();
    }

    public void closed() {
        current.decrementAndGet();
    }

    public void rejectedOverLimit() {
        rejectedOverLimit.increment();
    }

    /** A PROXY protocol listener got no header, or a malformed one. */
    public void proxyProtocolError() {
        proxyProtocolErrors.increment();
    }

    /** The listener stopped accepting for a moment ({@code max_conn_rate}). */
    public void acceptPaused() {
        acceptPauses.increment();
    }

    /** Reading from a client was paused ({@code messages_rate}, {@code bytes_rate}). */
    public void readPaused() {
        readPauses.increment();
    }

    public long acceptPauses() {
        return acceptPauses.sum();
    }

    public long readPauses() {
        return readPauses.sum();
    }

    public void disconnected(DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    public void tlsFailure(String reason) {
        tlsFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public int currentConnections() {
        return current.get();
    }

    public long acceptedConnections() {
        return accepted.sum();
    }

    public long rejectedOverLimitCount() {
        return rejectedOverLimit.sum();
    }

    public long proxyProtocolErrors() {
        return proxyProtocolErrors.sum();
    }

    public long disconnects(DisconnectReason reason) {
        return disconnects.get(reason).sum();
    }

    public Map<DisconnectReason, Long> disconnectsByReason() {
        EnumMap<DisconnectReason, Long> out = new EnumMap<>(DisconnectReason.class);
        disconnects.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** TLS handshake failures by reason label (certificate_expired, unknown_ca, no_common_cipher, ...). */
    public Map<String, Long> tlsFailures() {
        Map<String, Long> out = new java.util.TreeMap<>();
        tlsFailures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long tlsFailures(String reason) {
        LongAdder a = tlsFailures.get(reason);
        return a == null ? 0 : a.sum();
    }
}
