package dev.estuary.core.persist;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Delivery;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.SessionImage.SubscriptionImage;
import dev.estuary.core.session.Will;
import java.util.List;

/**
 * One change reported by a session or the retained store, queued for the writer thread. The writer first
 * {@linkplain #apply applies} every change of a frame to the {@link DurableState}, then {@linkplain #encode
 * encodes} them: an outbound entry created and completed within the same frame writes nothing.
 */
abstract class Change {
    /** Order number given by the writer when it takes the change (0 before); compared with what is durable. */
    volatile long seq;

    /** Rough size in memory while queued, for back-pressure. */
    abstract int estimate();

    abstract void apply(DurableState st, long frame);

    abstract void encode(Encoder out, DurableState st, long frame, long generation);

    // ------------------------------------------------------------------ sessions

    static final class Opened extends Change {
        private final long key;
        private final ClientInfo client;
        private final long expiry;
        private final Will will;

        Opened(long key, ClientInfo client, long expiry, Will will) {
            this.key = key;
            this.client = client;
            this.expiry = expiry;
            this.will = will;
        }

        @Override
        int estimate() {
            return 160 + (will == null ? 0 : will.message().payload().length);
        }

        @Override
        void apply(DurableState st, long frame) {
            st.open(key, client, expiry, will);
        }

        @Override
        void encode(Encoder out, DurableState st, long frame, long generation) {
            StateCodec.writeOpen(out, key, client, expiry, will);
        }
    }

    /** A change of one session known by key, written only when the session is known. */
    abstract static class Keyed extends Change {
        final long key;
        boolean known;

        Keyed(long key) {
            this.key = key;
        }

        @Override
        int estimate() {
            return 48;
        }

        @Override
        final void apply(DurableState st, long frame) {
            DurableState.SessionRec rec = st.session(key);
            known = rec != null && apply(st, rec, frame);
        }

        /** Returns false when there is nothing to write. */
        abstract boolean apply(DurableState st, DurableState.SessionRec rec, long frame);

        @Override
        final void encode(Encoder out, DurableState st, long frame, long generation) {
            if (known) {
                write(out, frame, generation);
            }
        }

        abstract void write(Encoder out, long frame, long generation);
    }

    static final class ExpiryChanged extends Keyed {
        private final long expiry;

        ExpiryChanged(long key, long expiry) {
            super(key);
            this.expiry = expiry;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            rec.expirySeconds = expiry;
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeKeyed(out, Records.EXPIRY, key, expiry);
        }
    }

    static final class WillCleared extends Keyed {
        WillCleared(long key) {
            super(key);
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            rec.will = null;
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeKeyed(out, Records.WILL_CLEARED, key);
        }
    }

    static final class Disconnected extends Keyed {
        private final long at;

        Disconnected(long key, long at) {
            super(key);
            this.at = at;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            rec.connected = false;
            rec.disconnectedAtMillis = at;
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeKeyed(out, Records.DISCONNECTED, key, at);
        }
    }

    static final class Terminated extends Keyed {
        Terminated(long key) {
            super(key);
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            return st.terminate(key);
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeKeyed(out, Records.TERMINATED, key);
        }
    }

    static final class Subscribed extends Keyed {
        private final SubscriptionImage subscription;

        Subscribed(long key, SubscriptionImage subscription) {
            super(key);
            this.subscription = subscription;
        }

        @Override
        int estimate() {
            return 64 + subscription.topic().length();
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            rec.subscriptions.put(subscription.topic(), subscription);
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeSubscribed(out, key, subscription);
        }
    }

    static final class Unsubscribed extends Keyed {
        private final String topic;

        Unsubscribed(long key, String topic) {
            super(key);
            this.topic = topic;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            return rec.subscriptions.remove(topic) != null;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeUnsubscribed(out, key, topic);
        }
    }

    static final class RelReceived extends Keyed {
        private final int packetId;

        RelReceived(long key, int packetId) {
            super(key);
            this.packetId = packetId;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            return rec.awaitingRel.remove(packetId);
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            StateCodec.writeKeyed(out, Records.REL_RECEIVED, key, packetId);
        }
    }

    // ------------------------------------------------------------------ outbound entries

    static int estimate(Delivery d) {
        return 96 + d.message().payload().length + d.message().topic().length();
    }

    static final class Enqueued extends Keyed {
        private final Delivery delivery;
        private DurableState.Entry entry;

        Enqueued(long key, Delivery delivery) {
            super(key);
            this.delivery = delivery;
        }

        @Override
        int estimate() {
            return estimate(delivery);
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            if (rec.byDelivery.containsKey(delivery)) {
                return false;
            }
            entry = st.enqueue(rec, delivery, frame);
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            if (!entry.transientIn(frame)) {
                StateCodec.writeEnqueued(out, key, entry, generation);
            }
        }
    }

    /** The deliveries of one publish and the publisher's inbound QoS 2 packet id: one unit, one frame. */
    static final class Routed extends Change {
        private final long publisherKey;
        private final int packetId;
        private final long[] keys;
        private final List<Delivery> deliveries;
        private final DurableState.Entry[] entries;
        private boolean publisherKnown;

        Routed(long publisherKey, int packetId, long[] keys, List<Delivery> deliveries) {
            this.publisherKey = publisherKey;
            this.packetId = packetId;
            this.keys = keys;
            this.deliveries = deliveries;
            this.entries = new DurableState.Entry[keys.length];
        }

        @Override
        int estimate() {
            int n = 48;
            for (int i = 0; i < deliveries.size(); i++) {
                n += i == 0 ? estimate(deliveries.get(i)) : 48;
            }
            return n;
        }

        @Override
        void apply(DurableState st, long frame) {
            for (int i = 0; i < keys.length; i++) {
                DurableState.SessionRec rec = st.session(keys[i]);
                Delivery d = deliveries.get(i);
                if (rec != null && !rec.byDelivery.containsKey(d)) {
                    entries[i] = st.enqueue(rec, d, frame);
                }
            }
            if (publisherKey != 0 && packetId != 0) {
                DurableState.SessionRec pub = st.session(publisherKey);
                publisherKnown = pub != null && pub.awaitingRel.add(packetId);
            }
        }

        @Override
        void encode(Encoder out, DurableState st, long frame, long generation) {
            for (int i = 0; i < keys.length; i++) {
                if (entries[i] != null && !entries[i].transientIn(frame)) {
                    StateCodec.writeEnqueued(out, keys[i], entries[i], generation);
                }
            }
            if (publisherKnown) {
                StateCodec.writeKeyed(out, Records.AWAITING_REL, publisherKey, packetId);
            }
        }
    }

    static final class Sent extends Keyed {
        private final Delivery delivery;
        private final int packetId;
        private DurableState.Entry entry;
        private boolean created;

        Sent(long key, Delivery delivery, int packetId) {
            super(key);
            this.delivery = delivery;
            this.packetId = packetId;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            entry = rec.byDelivery.get(delivery);
            if (entry == null) {
                // became durable while this delivery was on its way: it is recorded from here on
                entry = st.enqueue(rec, delivery, frame);
                created = true;
            }
            st.sent(rec, entry, packetId);
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            if (entry.transientIn(frame)) {
                return;
            }
            if (created) {
                StateCodec.writeEnqueued(out, key, entry, generation);
            }
            out.u8(Records.SENT).varint(key).varint(entry.seq).varint(packetId);
        }
    }

    static final class Released extends Keyed {
        private final int packetId;
        private DurableState.Entry entry;

        Released(long key, int packetId) {
            super(key);
            this.packetId = packetId;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            entry = rec.byPacketId.get(packetId);
            if (entry == null) {
                return false;
            }
            entry.released = true;
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            if (!entry.transientIn(frame)) {
                StateCodec.writeKeyed(out, Records.RELEASED, key, packetId);
            }
        }
    }

    static final class Completed extends Keyed {
        private final int packetId;
        private DurableState.Entry entry;

        Completed(long key, int packetId) {
            super(key);
            this.packetId = packetId;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            entry = st.completed(rec, packetId);
            return entry != null;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            if (!entry.transientIn(frame)) {
                StateCodec.writeKeyed(out, Records.COMPLETED, key, packetId);
            }
        }
    }

    static final class Removed extends Keyed {
        private final Delivery delivery;
        private DurableState.Entry entry;

        Removed(long key, Delivery delivery) {
            super(key);
            this.delivery = delivery;
        }

        @Override
        boolean apply(DurableState st, DurableState.SessionRec rec, long frame) {
            entry = rec.byDelivery.get(delivery);
            if (entry == null) {
                return false;
            }
            st.remove(rec, entry);
            return true;
        }

        @Override
        void write(Encoder out, long frame, long generation) {
            if (!entry.transientIn(frame)) {
                StateCodec.writeKeyed(out, Records.REMOVED, key, entry.seq);
            }
        }
    }

    // ------------------------------------------------------------------ retained

    static final class Retained extends Change {
        private final Message message;

        Retained(Message message) {
            this.message = message;
        }

        @Override
        int estimate() {
            return 96 + message.payload().length + message.topic().length();
        }

        @Override
        void apply(DurableState st, long frame) {
            st.retained.put(message.topic(), message);
        }

        @Override
        void encode(Encoder out, DurableState st, long frame, long generation) {
            StateCodec.writeRetained(out, message);
        }
    }

    static final class RetainedCleared extends Change {
        private final String topic;

        RetainedCleared(String topic) {
            this.topic = topic;
        }

        @Override
        int estimate() {
            return 48 + topic.length();
        }

        @Override
        void apply(DurableState st, long frame) {
            st.retained.remove(topic);
        }

        @Override
        void encode(Encoder out, DurableState st, long frame, long generation) {
            StateCodec.writeRetainedCleared(out, topic);
        }
    }

    /** Carries nothing: lets a caller wait until everything before it is durable (clean shutdown, tests). */
    static final class Barrier extends Change {
        @Override
        int estimate() {
            return 0;
        }

        @Override
        void apply(DurableState st, long frame) {
        }

        @Override
        void encode(Encoder out, DurableState st, long frame, long generation) {
        }
    }
}
