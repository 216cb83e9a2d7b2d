package dev.estuary.core.persist;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Delivery;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.SessionImage.SubscriptionImage;
import dev.estuary.core.session.Will;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * What is on disk, as a model in memory: retained messages, and the durable sessions with their subscriptions,
 * outbound entries (queued or in flight) and inbound QoS 2 packet ids. Recovery builds it by replaying records;
 * afterwards the writer thread keeps it in step with the live sessions' changes, and snapshots are written from
 * it. Messages are shared with the broker (the same immutable objects), counted by the entries that refer to
 * them, and written once per generation. Confined to one thread at a time (recovery, then the writer).
 */
final class DurableState {
    final HashMap<String, Message> retained = new HashMap<>();
    final LinkedHashMap<Long, SessionRec> sessions = new LinkedHashMap<>();
    final HashMap<Long, MsgRef> messagesById = new HashMap<>();
    final IdentityHashMap<Message, MsgRef> messagesByObject = new IdentityHashMap<>();
    long nextMessageId = 1;
    long maxKey;

    /** One durable session. */
    static final class SessionRec {
        final long key;
        ClientInfo client;
        long expirySeconds;
        Will will;
        boolean connected;
        long disconnectedAtMillis;
        final LinkedHashMap<String, SubscriptionImage> subscriptions = new LinkedHashMap<>();
        final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
        final IdentityHashMap<Delivery, Entry> byDelivery = new IdentityHashMap<>();
        final HashMap<Integer, Entry> byPacketId = new HashMap<>();
        final LinkedHashSet<Integer> awaitingRel = new LinkedHashSet<>();
        long nextSeq = 1;

        SessionRec(long key) {
            this.key = key;
        }
    }

    /** One outbound QoS 1/2 message of a session: queued ({@code packetId} 0) or in flight. */
    static final class Entry {
        final long seq;
        final MsgRef message;
        final int qos;
        final boolean retainFlag;
        final int[] subscriptionIds;
        Delivery delivery;
        int packetId;
        boolean released;
        /** The frame it was created in, and whether it is gone: records of an entry born and gone in one frame are not written. */
        long bornFrame;
        boolean dead;

        Entry(long seq, MsgRef message, int qos, boolean retainFlag, int[] subscriptionIds) {
            this.seq = seq;
            this.message = message;
            this.qos = qos;
            this.retainFlag = retainFlag;
            this.subscriptionIds = subscriptionIds;
        }

        /** True when nothing about this entry needs writing in {@code frame}. */
        boolean transientIn(long frame) {
            return dead && bornFrame == frame;
        }
    }

    /** A message referred to by entries, with its store id. */
    static final class MsgRef {
        final long id;
        final Message message;
        int refs;
        /** The generation whose files hold its MESSAGE record (0: not written yet). */
        long writtenIn;

        MsgRef(long id, Message message) {
            this.id = id;
            this.message = message;
        }
    }

    // ------------------------------------------------------------------ sessions

    SessionRec open(long key, ClientInfo client, long expirySeconds, Will will) {
        SessionRec rec = sessions.get(key);
        if (rec == null) {
            rec = new SessionRec(key);
            sessions.put(key, rec);
            maxKey = Math.max(maxKey, key);
        }
        rec.client = client;
        rec.expirySeconds = expirySeconds;
        rec.will = will;
        rec.connected = true;
        rec.disconnectedAtMillis = 0;
        return rec;
    }

    SessionRec session(long key) {
        return sessions.get(key);
    }

    boolean terminate(long key) {
        SessionRec rec = sessions.remove(key);
        if (rec == null) {
            return false;
        }
        for (Entry e : rec.entries.values()) {
            e.dead = true;
            unref(e.message);
        }
        return true;
    }

    // ------------------------------------------------------------------ outbound entries

    /** The store's reference to a live message, created (and counted) on first use. */
    MsgRef ref(Message m) {
        MsgRef r = messagesByObject.get(m);
        if (r == null) {
            r = new MsgRef(nextMessageId++, m);
            messagesByObject.put(m, r);
            messagesById.put(r.id, r);
        }
        return r;
    }

    /** A MESSAGE record read back. */
    void define(long id, Message m) {
        MsgRef r = new MsgRef(id, m);
        MsgRef old = messagesById.put(id, r);
        if (old != null) {
            messagesByObject.remove(old.message);
        }
        messagesByObject.put(m, r);
        nextMessageId = Math.max(nextMessageId, id + 1);
    }

    private void unref(MsgRef r) {
        if (--r.refs <= 0) {
            messagesById.remove(r.id, r);
            messagesByObject.remove(r.message, r);
        }
    }

    /** A live delivery entering a session's queue. */
    Entry enqueue(SessionRec rec, Delivery d, long frame) {
        Entry e = add(rec, rec.nextSeq, ref(d.message()), d.qos(), d.retainFlag(), d.subscriptionIds());
        e.delivery = d;
        e.bornFrame = frame;
        rec.byDelivery.put(d, e);
        return e;
    }

    /** An entry read back; returns null when it refers to a message that was not read (damage). */
    Entry enqueue(SessionRec rec, long seq, long messageId, int qos, boolean retainFlag, int[] ids) {
        MsgRef r = messagesById.get(messageId);
        if (r == null || rec.entries.containsKey(seq)) {
            return null;
        }
        return add(rec, seq, r, qos, retainFlag, ids);
    }

    private Entry add(SessionRec rec, long seq, MsgRef r, int qos, boolean retainFlag, int[] ids) {
        Entry e = new Entry(seq, r, qos, retainFlag, ids);
        r.refs++;
        rec.entries.put(seq, e);
        rec.nextSeq = Math.max(rec.nextSeq, seq + 1);
        return e;
    }

    void sent(SessionRec rec, Entry e, int packetId) {
        if (e.packetId != 0) {
            rec.byPacketId.remove(e.packetId, e);
        }
        e.packetId = packetId;
        e.released = false;
        Entry previous = rec.byPacketId.put(packetId, e);
        if (previous != null && previous != e) {
            // the client's session lost the old one without telling us: it cannot be acknowledged any more
            remove(rec, previous);
        }
    }

    /** PUBACK/PUBCOMP: the entry with {@code packetId}, removed, or null. */
    Entry completed(SessionRec rec, int packetId) {
        Entry e = rec.byPacketId.get(packetId);
        if (e != null) {
            remove(rec, e);
        }
        return e;
    }

    void remove(SessionRec rec, Entry e) {
        if (rec.entries.remove(e.seq) == null) {
            return;
        }
        e.dead = true;
        if (e.packetId != 0) {
            rec.byPacketId.remove(e.packetId, e);
        }
        if (e.delivery != null) {
            rec.byDelivery.remove(e.delivery);
        }
        unref(e.message);
    }

    // ------------------------------------------------------------------ counts

    int queuedCount() {
        int n = 0;
        for (SessionRec rec : sessions.values()) {
            for (Entry e : rec.entries.values()) {
                if (e.packetId == 0) {
                    n++;
                }
            }
        }
        return n;
    }

    int inflightCount() {
        int n = 0;
        for (SessionRec rec : sessions.values()) {
            n += rec.byPacketId.size();
        }
        return n;
    }

    /**
     * Forgets retained messages and queued (not yet sent) entries whose message expired by {@code now}; in-flight
     * ones stay (their delivery had started, MQTT 5.0 §3.3.2.3.3).
     *
     * @return {retained removed, queued entries removed}
     */
    int[] dropExpired(long now) {
        int retainedGone = 0;
        Iterator<Message> it = retained.values().iterator();
        while (it.hasNext()) {
            if (it.next().isExpired(now)) {
                it.remove();
                retainedGone++;
            }
        }
        int queuedGone = 0;
        for (SessionRec rec : sessions.values()) {
            Iterator<Map.Entry<Long, Entry>> es = rec.entries.entrySet().iterator();
            while (es.hasNext()) {
                Entry e = es.next().getValue();
                if (e.packetId == 0 && e.message.message.isExpired(now)) {
                    es.remove();
                    e.dead = true;
                    if (e.delivery != null) {
                        rec.byDelivery.remove(e.delivery);
                    }
                    unref(e.message);
                    queuedGone++;
                }
            }
        }
        return new int[] {retainedGone, queuedGone};
    }
}
