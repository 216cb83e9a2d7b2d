package dev.estuary.core.metrics;

import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's counters and gauges. Counters are {@link LongAdder}s so that event loops never contend on them.
 * Listeners (metrics endpoint, $SYS) read them; nothing here allocates per message.
 */
public final class BrokerMetrics {
    private final LongAdder[] messagesIn = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder[] messagesOut = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final EnumMap<DisconnectReason, LongAdder> disconnects = new EnumMap<>(DisconnectReason.class);
    private final LongAdder connects = new LongAdder();
    private final LongAdder connectsRefused = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong connectionsMax = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong sessionsMax = new AtomicLong();

    public BrokerMetrics() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
        for (DisconnectReason r : DisconnectReason.values()) {
            disconnects.put(r, new LongAdder());
        }
    }

    public void messageIn(int qos) {
        messagesIn[qos].increment();
    }

    public void messageOut(int qos) {
        messagesOut[qos].increment();
    }

    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    public void packetIn() {
        packetsIn.increment();
    }

    public void packetOut() {
        packetsOut.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public void disconnected(DisconnectReason reason) {
        disconnects.get(reason).increment();
    }

    public void connected() {
        connects.increment();
        long now = connections.incrementAndGet();
        connectionsMax.accumulateAndGet(now, Math::max);
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void connectRefused() {
        connectsRefused.increment();
    }

    public void sessionCreated() {
        long now = sessions.incrementAndGet();
        sessionsMax.accumulateAndGet(now, Math::max);
    }

    public void sessionEnded() {
        sessions.decrementAndGet();
    }

    public long messagesIn(int qos) {
        return messagesIn[qos].sum();
    }

    public long messagesOut(int qos) {
        return messagesOut[qos].sum();
    }

    public long messagesInTotal() {
        return messagesIn(0) + messagesIn(1) + messagesIn(2);
    }

    public long messagesOutTotal() {
        return messagesOut(0) + messagesOut(1) + messagesOut(2);
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }

    public long droppedCount(DropReason reason) {
        return dropped.get(reason).sum();
    }

    public long droppedTotal() {
        long sum = 0;
        for (LongAdder a : dropped.values()) {
            sum += a.sum();
        }
        return sum;
    }

    public Map<DropReason, Long> droppedByReason() {
        EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
        dropped.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long disconnects(DisconnectReason reason) {
        return disconnects.get(reason).sum();
    }

    public Map<DisconnectReason, Long> disconnectsByReason() {
        EnumMap<DisconnectReason, Long> out = new EnumMap<>(DisconnectReason.class);
        disconnects.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long connects() {
        return connects.sum();
    }

    public long connectsRefused() {
        return connectsRefused.sum();
    }

    public long connections() {
        return connections.get();
    }

    public long connectionsMax() {
        return connectionsMax.get();
    }

    public long sessions() {
        return sessions.get();
    }

    public long sessionsMax() {
        return sessionsMax.get();
    }
}
