package dev.estuary.core.session;

import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * The outbound side of one session: the inflight window of QoS 1/2 messages awaiting acknowledgement (keyed by
 * packet id, in send order) and the queue of messages waiting for a connection, a free window slot or a writable
 * socket. Confined to the session's lane. Collections are created on first use so idle sessions stay small.
 */
final class OutboundFlow {
    /** An unacknowledged outbound QoS 1/2 message. */
    static final class Inflight {
        final Delivery delivery;
        final int packetId;
        /** QoS 2 only: PUBREC received and PUBREL sent; waiting for PUBCOMP. */
        boolean released;
        /** Not yet resent on the current connection: a resume found more of these than its receive maximum. */
        boolean resendPending;

        Inflight(Delivery delivery, int packetId) {
            this.delivery = delivery;
            this.packetId = packetId;
        }
    }

    private final Session session;
    private LinkedHashMap<Integer, Inflight> inflight;
    private ArrayDeque<Delivery> queue;
    private int lastPacketId;
    private int window = 1;
    /** How many inflight entries are {@link Inflight#resendPending}. */
    private int resendPending;
    private boolean flushNeeded;

    OutboundFlow(Session session) {
        this.session = session;
    }

    void setWindow(int window) {
        this.window = Math.max(1, Math.min(window, 65535));
    }

    int inflightCount() {
        return inflight == null ? 0 : inflight.size();
    }

    int queuedCount() {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Takes a delivery: sends it now when possible, else queues it (or drops it, counted).
     *
     * @param conn the attached connection, or null when offline
     * @param hold true while a connection is attached but not yet acknowledged (CONNACK not written): queue all
     */
    void enqueue(Delivery d, ClientConnection conn, boolean hold, long now) {
        if (d.message().isExpired(now)) {
            session.dropped(d, DropReason.EXPIRED);
            return;
        }
        if (hold) {
            queueAdd(d);
            return;
        }
        if (conn == null) {
            if (d.qos() == 0 && !session.context().config().mqueue().storeQos0()) {
                session.dropped(d, DropReason.QOS0_OFFLINE);
                return;
            }
            queueAdd(d);
            return;
        }
        if ((queue != null && !queue.isEmpty()) || !canSend(d, conn)) {
            queueAdd(d);
            return;
        }
        send(d, conn, now);
    }

    private boolean canSend(Delivery d, ClientConnection conn) {
        return conn.isWritable() && (d.qos() == 0 || inflightCount() < window);
    }

    private void queueAdd(Delivery d) {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        int max = session.context().config().mqueue().maxLen();
        if (max > 0 && queue.size() >= max) {
            Delivery oldest = queue.pollFirst();
            session.dropped(oldest, DropReason.QUEUE_FULL);
        }
        queue.addLast(d);
    }

    private void send(Delivery d, ClientConnection conn, long now) {
        Message m = d.message();
        long expiry = m.remainingExpirySeconds(now);
        if (d.qos() == 0) {
            if (conn.sendPublish(new OutboundPublish(m, 0, 0, false, d.retainFlag(), d.subscriptionIds(), expiry))) {
                session.sent(d, 0);
            } else {
                session.dropped(d, DropReason.TOO_LARGE);
            }
            flushNeeded = true;
            return;
        }
        int pid = nextPacketId();
        if (inflight == null) {
            inflight = new LinkedHashMap<>();
        }
        inflight.put(pid, new Inflight(d, pid));
        if (conn.sendPublish(new OutboundPublish(m, d.qos(), pid, false, d.retainFlag(), d.subscriptionIds(),
                expiry))) {
            session.sent(d, pid);
        } else {
            inflight.remove(pid);
            session.dropped(d, DropReason.TOO_LARGE);
        }
        flushNeeded = true;
    }

    private int nextPacketId() {
        for (int i = 0; i < 65535; i++) {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            if (inflight == null || !inflight.containsKey(lastPacketId)) {
                return lastPacketId;
            }
        }
        throw new IllegalStateException("all 65535 packet identifiers in use");
    }

    /** Resends held-back inflight messages, then moves queued messages out, while the window and socket allow. */
    void drain(ClientConnection conn, long now) {
        if (conn == null) {
            return;
        }
        if (resendPending > 0) {
            resendHeldBack(conn, now);
        }
        if (queue == null) {
            return;
        }
        Delivery head;
        while ((head = queue.peekFirst()) != null) {
            if (head.message().isExpired(now)) {
                queue.pollFirst();
                session.dropped(head, DropReason.EXPIRED);
                continue;
            }
            if (!canSend(head, conn)) {
                break;
            }
            queue.pollFirst();
            send(head, conn, now);
        }
    }

    /** PUBACK (QoS 1) or PUBCOMP (QoS 2): the flow for {@code packetId} is complete. */
    Delivery complete(int packetId) {
        if (inflight == null) {
            return null;
        }
        Inflight e = inflight.remove(packetId);
        if (e == null) {
            return null;
        }
        notPending(e);
        return e.delivery;
    }

    private void notPending(Inflight e) {
        if (e.resendPending) {
            e.resendPending = false;
            resendPending--;
        }
    }

    /**
     * PUBREC: returns the entry, marked released, or null when the packet id is unknown. A PUBREC carrying an
     * error reason ends the flow (MQTT 5.0 §4.3.3); the caller passes {@code failed} for that.
     */
    Inflight received(int packetId, boolean failed) {
        if (inflight == null) {
            return null;
        }
        Inflight e = inflight.get(packetId);
        if (e == null || e.delivery.qos() != 2) {
            return null;
        }
        notPending(e); // the client has it: a PUBREL follows now
        if (failed) {
            inflight.remove(packetId);
        } else {
            e.released = true;
        }
        return e;
    }

    /**
     * Resends unacknowledged messages with DUP set and their original packet ids (PUBREL for released ones), in
     * send order, then drains the queue. At most the new connection's window is resent now (MQTT 5.0 §4.9: the
     * client may have reconnected with a smaller Receive Maximum); the rest follow as acknowledgements free the
     * window, before anything queued.
     */
    void resume(ClientConnection conn, long now) {
        resendPending = 0;
        if (inflight != null) {
            int budget = window;
            Iterator<Inflight> it = inflight.values().iterator();
            while (it.hasNext()) {
                Inflight e = it.next();
                if (budget == 0) {
                    e.resendPending = true;
                    resendPending++;
                } else {
                    e.resendPending = false;
                    if (resend(e, conn, now)) {
                        budget--;
                    } else {
                        it.remove();
                    }
                }
            }
        }
        drain(conn, now);
    }

    private void resendHeldBack(ClientConnection conn, long now) {
        Iterator<Inflight> it = inflight.values().iterator();
        while (resendPending > 0 && inflight.size() - resendPending < window && it.hasNext()) {
            Inflight e = it.next();
            if (e.resendPending) {
                notPending(e);
                if (!resend(e, conn, now)) {
                    it.remove();
                }
            }
        }
    }

    /** Resends one inflight entry; false when it can never be sent (and was counted as dropped). */
    private boolean resend(Inflight e, ClientConnection conn, long now) {
        flushNeeded = true;
        if (e.released) {
            conn.sendPubrel(e.packetId);
            return true;
        }
        Delivery d = e.delivery;
        if (!conn.sendPublish(new OutboundPublish(d.message(), d.qos(), e.packetId, true, d.retainFlag(),
                d.subscriptionIds(), d.message().remainingExpirySeconds(now)))) {
            // too large for the new connection's maximum packet size: it can never be sent
            session.dropped(d, DropReason.TOO_LARGE);
            return false;
        }
        return true;
    }

    /**
     * Removes and returns the deliveries (inflight not yet released, and queued) that match {@code which}; used
     * to hand shared-subscription messages to another group member and to empty an ending session.
     */
    List<Delivery> removeWhere(Predicate<Delivery> which) {
        List<Delivery> out = new ArrayList<>();
        if (inflight != null) {
            Iterator<Inflight> it = inflight.values().iterator();
            while (it.hasNext()) {
                Inflight e = it.next();
                if (!e.released && which.test(e.delivery)) {
                    notPending(e);
                    out.add(e.delivery);
                    it.remove();
                }
            }
        }
        if (queue != null) {
            Iterator<Delivery> it = queue.iterator();
            while (it.hasNext()) {
                Delivery d = it.next();
                if (which.test(d)) {
                    out.add(d);
                    it.remove();
                }
            }
        }
        return out;
    }

    /** Drops every QoS 0 message still queued (a session going offline without store_qos0). */
    List<Delivery> removeQos0() {
        return removeWhere(d -> d.qos() == 0);
    }

    /** Everything still held, for an ending session: cleared after the call. */
    List<Delivery> clear() {
        List<Delivery> out = removeWhere(d -> true);
        if (inflight != null) {
            inflight.clear(); // released QoS 2 entries: the message itself was already delivered
        }
        inflight = null;
        queue = null;
        resendPending = 0;
        return out;
    }

    /**
     * Puts back the state of a session recovered from disk: the unacknowledged messages with their packet ids
     * (resent on {@link #resume}) and the queue. Packet ids continue after the last restored one.
     */
    void restore(List<SessionImage.InflightImage> sent, List<Delivery> queued) {
        if (!sent.isEmpty()) {
            inflight = new LinkedHashMap<>();
            for (SessionImage.InflightImage i : sent) {
                Inflight e = new Inflight(i.delivery(), i.packetId());
                e.released = i.released();
                inflight.put(i.packetId(), e);
                lastPacketId = i.packetId();
            }
        }
        if (!queued.isEmpty()) {
            queue = new ArrayDeque<>(queued);
        }
    }

    /** True once since the last call if anything was written (so the caller flushes once per batch). */
    boolean takeFlushNeeded() {
        boolean f = flushNeeded;
        flushNeeded = false;
        return f;
    }
}
