package dev.estuary.core.session;

import dev.estuary.core.routing.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of one QoS 1/2 publish while it is being routed, when a {@link SessionStore} is enabled. Routing
 * calls {@link Session#deliver} on the publisher's thread; instead of posting to each mailbox at once the sessions
 * add the delivery here, so the store receives all of them (and the publisher's QoS 2 state) as one atomic unit
 * <em>before</em> any receiving session can send, acknowledge or drop one. Then they are posted. One instance per
 * thread, reused.
 */
final class PublishBatch {
    private static final ThreadLocal<PublishBatch> CURRENT = new ThreadLocal<>();

    private final List<Session> sessions = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private boolean open;

    /** The batch being filled on this thread, or null. */
    static PublishBatch current() {
        PublishBatch b = CURRENT.get();
        return b != null && b.open ? b : null;
    }

    /** Opens this thread's batch; returns null when one is open already (the outer one collects). */
    static PublishBatch open() {
        PublishBatch b = CURRENT.get();
        if (b == null) {
            b = new PublishBatch();
            CURRENT.set(b);
        } else if (b.open) {
            return null;
        }
        b.open = true;
        return b;
    }

    void add(Session s, Delivery d) {
        sessions.add(s);
        deliveries.add(d);
    }

    /**
     * Records the durable deliveries (and the publisher's inbound QoS 2 packet id when it is not 0) as one unit,
     * then posts every delivery to its session.
     */
    void close(SessionStore store, long publisherKey, int packetId) {
        open = false;
        try {
            long[] keys = new long[sessions.size()];
            List<Delivery> durable = new ArrayList<>(sessions.size());
            int n = 0;
            for (int i = 0; i < sessions.size(); i++) {
                long k = sessions.get(i).storeKey(); // read once: it may change on the receiver's lane
                if (k != 0 && deliveries.get(i).qos() > 0) {
                    keys[n++] = k;
                    durable.add(deliveries.get(i));
                }
            }
            if (n > 0 || (publisherKey != 0 && packetId != 0)) {
                store.routed(publisherKey, packetId, n == keys.length ? keys : java.util.Arrays.copyOf(keys, n),
                        durable);
            }
            for (int i = 0; i < sessions.size(); i++) {
                sessions.get(i).post(deliveries.get(i));
            }
        } finally {
            sessions.clear();
            deliveries.clear();
        }
    }
}
