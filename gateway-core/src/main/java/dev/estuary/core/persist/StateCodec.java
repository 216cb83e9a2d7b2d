package dev.estuary.core.persist;

import dev.estuary.core.message.Message;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.SessionImage.SubscriptionImage;
import dev.estuary.core.session.Will;
import java.io.IOException;

/**
 * Records to and from {@link DurableState}: {@link #apply} replays one record read back, the {@code write*}
 * methods encode the records the writer emits, and {@link #snapshot} writes the whole state as records.
 * Replaying what was written gives the state back; records about a session or entry that is unknown (lost to
 * damage earlier in the file) are skipped.
 */
final class StateCodec {
    /** Frames of a snapshot are cut at about this size. */
    static final int SNAPSHOT_FRAME = 1 << 20;

    private StateCodec() {
    }

    /** Where finished snapshot frames go. */
    interface FrameSink {
        void frame(Encoder frame) throws IOException;
    }

    // ------------------------------------------------------------------ replay

    /** Applies one record; returns false when it referred to something unknown (and was skipped). */
    static boolean apply(DurableState st, Decoder in) {
        int type = in.u8();
        switch (type) {
            case Records.OPEN: {
                long key = in.varint();
                ClientInfo c = Records.client(in);
                long expiry = in.varint();
                Will w = Records.will(in);
                st.open(key, c, expiry, w);
                return true;
            }
            case Records.EXPIRY: {
                DurableState.SessionRec rec = st.session(in.varint());
                long v = in.varint();
                if (rec != null) {
                    rec.expirySeconds = v;
                }
                return rec != null;
            }
            case Records.WILL_CLEARED: {
                DurableState.SessionRec rec = st.session(in.varint());
                if (rec != null) {
                    rec.will = null;
                }
                return rec != null;
            }
            case Records.DISCONNECTED: {
                DurableState.SessionRec rec = st.session(in.varint());
                long at = in.varint();
                if (rec != null) {
                    rec.connected = false;
                    rec.disconnectedAtMillis = at;
                }
                return rec != null;
            }
            case Records.TERMINATED:
                return st.terminate(in.varint());
            case Records.SUBSCRIBED: {
                DurableState.SessionRec rec = st.session(in.varint());
                String topic = in.str();
                SubscriptionImage sub = new SubscriptionImage(topic, Records.options(in), in.varint32());
                if (rec != null) {
                    rec.subscriptions.put(topic, sub);
                }
                return rec != null;
            }
            case Records.UNSUBSCRIBED: {
                DurableState.SessionRec rec = st.session(in.varint());
                String topic = in.str();
                return rec != null && rec.subscriptions.remove(topic) != null;
            }
            case Records.MESSAGE: {
                long id = in.varint();
                st.define(id, Records.message(in));
                return true;
            }
            case Records.ENQUEUED:
                return enqueued(st, in);
            case Records.SENT: {
                DurableState.SessionRec rec = st.session(in.varint());
                long seq = in.varint();
                int pid = packetId(in);
                DurableState.Entry e = rec == null ? null : rec.entries.get(seq);
                if (e != null) {
                    st.sent(rec, e, pid);
                }
                return e != null;
            }
            case Records.RELEASED: {
                DurableState.SessionRec rec = st.session(in.varint());
                int pid = packetId(in);
                DurableState.Entry e = rec == null ? null : rec.byPacketId.get(pid);
                if (e != null) {
                    e.released = true;
                }
                return e != null;
            }
            case Records.COMPLETED: {
                DurableState.SessionRec rec = st.session(in.varint());
                int pid = packetId(in);
                return rec != null && st.completed(rec, pid) != null;
            }
            case Records.REMOVED: {
                DurableState.SessionRec rec = st.session(in.varint());
                long seq = in.varint();
                DurableState.Entry e = rec == null ? null : rec.entries.get(seq);
                if (e != null) {
                    st.remove(rec, e);
                }
                return e != null;
            }
            case Records.AWAITING_REL: {
                DurableState.SessionRec rec = st.session(in.varint());
                int pid = packetId(in);
                return rec != null && rec.awaitingRel.add(pid);
            }
            case Records.REL_RECEIVED: {
                DurableState.SessionRec rec = st.session(in.varint());
                int pid = packetId(in);
                return rec != null && rec.awaitingRel.remove(pid);
            }
            case Records.RETAINED: {
                Message m = Records.message(in);
                st.retained.put(m.topic(), m);
                return true;
            }
            case Records.RETAINED_CLEARED:
                st.retained.remove(in.str());
                return true;
            default:
                throw new CorruptRecordException("unknown record type " + type);
        }
    }

    private static boolean enqueued(DurableState st, Decoder in) {
        DurableState.SessionRec rec = st.session(in.varint());
        long seq = in.varint();
        long messageId = in.varint();
        int qos = in.u8();
        boolean retainFlag = in.bool();
        int[] ids = Records.ids(in);
        if (qos < 1 || qos > 2) {
            throw new CorruptRecordException("queued QoS " + qos);
        }
        return rec != null && st.enqueue(rec, seq, messageId, qos, retainFlag, ids) != null;
    }

    private static int packetId(Decoder in) {
        int pid = in.varint32();
        if (pid < 1 || pid > 65535) {
            throw new CorruptRecordException("packet id " + pid);
        }
        return pid;
    }

    // ------------------------------------------------------------------ records the writer emits

    static void writeOpen(Encoder out, long key, ClientInfo c, long expiry, Will w) {
        out.u8(Records.OPEN).varint(key);
        Records.client(out, c);
        out.varint(expiry);
        Records.will(out, w);
    }

    static void writeKeyed(Encoder out, int type, long key) {
        out.u8(type).varint(key);
    }

    static void writeKeyed(Encoder out, int type, long key, long value) {
        out.u8(type).varint(key).varint(value);
    }

    static void writeSubscribed(Encoder out, long key, SubscriptionImage s) {
        out.u8(Records.SUBSCRIBED).varint(key).str(s.topic());
        Records.options(out, s.options());
        out.varint(s.subscriptionId());
    }

    static void writeUnsubscribed(Encoder out, long key, String topic) {
        out.u8(Records.UNSUBSCRIBED).varint(key).str(topic);
    }

    /** ENQUEUED for an entry, preceded by its message's MESSAGE record when this generation lacks it. */
    static void writeEnqueued(Encoder out, long key, DurableState.Entry e, long generation) {
        DurableState.MsgRef m = e.message;
        if (m.writtenIn != generation) {
            out.u8(Records.MESSAGE).varint(m.id);
            Records.message(out, m.message);
            m.writtenIn = generation;
        }
        out.u8(Records.ENQUEUED).varint(key).varint(e.seq).varint(m.id).u8(e.qos).bool(e.retainFlag);
        Records.ids(out, e.subscriptionIds);
    }

    static void writeRetained(Encoder out, Message m) {
        out.u8(Records.RETAINED);
        Records.message(out, m);
    }

    static void writeRetainedCleared(Encoder out, String topic) {
        out.u8(Records.RETAINED_CLEARED).str(topic);
    }

    // ------------------------------------------------------------------ snapshot

    /**
     * Writes the whole state of generation {@code generation} as frames of about {@link #SNAPSHOT_FRAME} bytes;
     * retained messages expired at {@code now} are left out (and forgotten).
     */
    static void snapshot(DurableState st, long generation, long now, Encoder out, FrameSink sink)
            throws IOException {
        LogFile.beginFrame(out, now);
        var retained = st.retained.values().iterator();
        while (retained.hasNext()) {
            Message m = retained.next();
            if (m.isExpired(now)) {
                retained.remove();
                continue;
            }
            writeRetained(out, m);
            out = cut(out, now, sink);
        }
        for (DurableState.SessionRec rec : st.sessions.values()) {
            writeOpen(out, rec.key, rec.client, rec.expirySeconds, rec.will);
            if (!rec.connected) {
                writeKeyed(out, Records.DISCONNECTED, rec.key, rec.disconnectedAtMillis);
            }
            for (SubscriptionImage s : rec.subscriptions.values()) {
                writeSubscribed(out, rec.key, s);
            }
            for (DurableState.Entry e : rec.entries.values()) {
                writeEnqueued(out, rec.key, e, generation);
                if (e.packetId != 0) {
                    out.u8(Records.SENT).varint(rec.key).varint(e.seq).varint(e.packetId);
                    if (e.released) {
                        writeKeyed(out, Records.RELEASED, rec.key, e.packetId);
                    }
                }
                out = cut(out, now, sink);
            }
            for (int pid : rec.awaitingRel) {
                writeKeyed(out, Records.AWAITING_REL, rec.key, pid);
            }
            out = cut(out, now, sink);
        }
        if (LogFile.hasRecords(out)) {
            LogFile.endFrame(out);
            sink.frame(out);
        }
    }

    private static Encoder cut(Encoder out, long now, FrameSink sink) throws IOException {
        if (out.size() >= SNAPSHOT_FRAME) {
            LogFile.endFrame(out);
            sink.frame(out);
            LogFile.beginFrame(out, now);
        }
        return out;
    }
}
