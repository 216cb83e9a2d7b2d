package dev.estuary.adapter.tcp.device;

import dev.estuary.core.spi.DeviceMessage;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The downlinks of one connection (spec §6.4): gives each a message id, sends it, waits for the device's ACK or
 * NACK, retransmits on timeout up to a bounded number of times, keeps at most {@code maxInflight} unacknowledged
 * and queues a bounded number behind them, and reports every outcome through {@link DownlinkReports}. Used by the
 * spec connection and by vendor connections alike. Event loop only.
 *
 * @param <F> what is written for a downlink (a DOWNLINK frame, a vendor's message)
 */
public final class DownlinkTracker<F> {
    /** How a downlink reaches the device. */
    public interface Transport<F> {
        /** Builds what to send for a downlink with the given message id, or refuses it. */
        F build(DeviceMessage message, int messageId) throws DownlinkRefusedException;

        /** Writes it; {@code retransmission} on the 2nd and later attempts. */
        void send(F frame, int messageId, boolean retransmission);
    }

    /**
     * Limits.
     *
     * @param ackTimeoutMillis how long to wait for the acknowledgement of each attempt
     * @param maxRetries       retransmissions after the first attempt
     * @param maxInflight      unacknowledged downlinks at a time
     * @param queueSize        downlinks waiting behind them; more are refused
     * @param maxMessageId     the largest message id (ids are 1..maxMessageId)
     */
    public record Settings(long ackTimeoutMillis, int maxRetries, int maxInflight, int queueSize, int maxMessageId) {
        public Settings {
            maxInflight = Math.max(1, Math.min(maxInflight, maxMessageId - 1));
        }
    }

    private static final class Pending<F> {
        final DeviceMessage message;
        final int id;
        final F frame;
        int attempts;
        ScheduledFuture<?> timer;

        Pending(DeviceMessage message, int id, F frame) {
            this.message = message;
            this.id = id;
            this.frame = frame;
        }
    }

    private final EventLoop loop;
    private final Settings settings;
    private final Transport<F> transport;
    private final DownlinkReports reports;
    private final Map<Integer, Pending<F>> inflight = new HashMap<>();
    private final ArrayDeque<DeviceMessage> queue = new ArrayDeque<>();
    private int lastId;
    private String closedReason;

    public DownlinkTracker(EventLoop loop, Settings settings, Transport<F> transport, DownlinkReports reports) {
        this.loop = loop;
        this.settings = settings;
        this.transport = transport;
        this.reports = reports;
    }

    /** A downlink for the device. */
    public void submit(DeviceMessage m) {
        if (closedReason != null) {
            reports.failed(m, 0, 0, closedReason);
        } else if (inflight.size() < settings.maxInflight()) {
            send(m);
        } else if (queue.size() < settings.queueSize()) {
            queue.add(m);
        } else {
            reports.failed(m, 0, 0, "too many downlinks waiting for this device (" + queue.size() + " queued)");
        }
    }

    private void send(DeviceMessage m) {
        int id = nextId();
        F frame;
        try {
            frame = transport.build(m, id);
        } catch (DownlinkRefusedException e) {
            reports.failed(m, 0, 0, e.getMessage());
            return;
        }
        Pending<F> p = new Pending<>(m, id, frame);
        inflight.put(id, p);
        attempt(p);
    }

    private void attempt(Pending<F> p) {
        p.attempts++;
        transport.send(p.frame, p.id, p.attempts > 1);
        p.timer = loop.schedule(() -> timedOut(p), settings.ackTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void timedOut(Pending<F> p) {
        if (inflight.get(p.id) != p) {
            return;
        }
        if (p.attempts <= settings.maxRetries()) {
            attempt(p);
            return;
        }
        inflight.remove(p.id);
        reports.failed(p.message, p.id, p.attempts, "no acknowledgement from the device after " + p.attempts
                + " attempt" + (p.attempts == 1 ? "" : "s"));
        drain();
    }

    private int nextId() {
        do {
            lastId = lastId >= settings.maxMessageId() ? 1 : lastId + 1;
        } while (inflight.containsKey(lastId));
        return lastId;
    }

    /** The device acknowledged {@code id}; false when no such downlink is waiting (late or unknown id). */
    public boolean acked(int id, byte[] result) {
        Pending<F> p = finish(id);
        if (p == null) {
            return false;
        }
        reports.acked(p.message, p.id, p.attempts, result);
        drain();
        return true;
    }

    /** The device refused {@code id}; false when no such downlink is waiting. */
    public boolean nacked(int id, String reason, int code, String text) {
        Pending<F> p = finish(id);
        if (p == null) {
            return false;
        }
        reports.nacked(p.message, p.id, p.attempts, reason, code, text);
        drain();
        return true;
    }

    private Pending<F> finish(int id) {
        Pending<F> p = inflight.remove(id);
        if (p != null && p.timer != null) {
            p.timer.cancel(false);
        }
        return p;
    }

    private void drain() {
        while (closedReason == null && !queue.isEmpty() && inflight.size() < settings.maxInflight()) {
            send(queue.poll());
        }
    }

    /** The connection ended: every waiting and queued downlink fails with {@code reason}. Idempotent. */
    public void close(String reason) {
        if (closedReason != null) {
            return;
        }
        closedReason = reason;
        List<Pending<F>> pending = new ArrayList<>(inflight.values());
        inflight.clear();
        for (Pending<F> p : pending) {
            if (p.timer != null) {
                p.timer.cancel(false);
            }
            reports.failed(p.message, p.id, p.attempts, reason);
        }
        while (!queue.isEmpty()) {
            reports.failed(queue.poll(), 0, 0, reason);
        }
    }

    /** Downlinks awaiting acknowledgement. */
    public int inflight() {
        return inflight.size();
    }
}
