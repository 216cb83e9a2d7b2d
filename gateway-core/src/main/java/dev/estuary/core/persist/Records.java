package dev.estuary.core.persist;

import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.message.UserProperty;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Will;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The record types of the durable log and snapshot, and the encoding of the values they carry. A record is one
 * type byte followed by its fields; the layout of each is documented in {@code docs/durability.md}. Record types
 * are never renumbered: a new field or meaning gets a new type.
 */
final class Records {
    static final int OPEN = 1;
    static final int EXPIRY = 2;
    static final int WILL_CLEARED = 3;
    static final int DISCONNECTED = 4;
    static final int TERMINATED = 5;
    static final int SUBSCRIBED = 6;
    static final int UNSUBSCRIBED = 7;
    static final int MESSAGE = 8;
    static final int ENQUEUED = 9;
    static final int SENT = 10;
    static final int RELEASED = 11;
    static final int COMPLETED = 12;
    static final int REMOVED = 13;
    static final int AWAITING_REL = 14;
    static final int REL_RECEIVED = 15;
    static final int RETAINED = 16;
    static final int RETAINED_CLEARED = 17;

    private static final int PROP_UTF8 = 1;
    private static final int PROP_CONTENT_TYPE = 2;
    private static final int PROP_RESPONSE_TOPIC = 4;
    private static final int PROP_CORRELATION = 8;

    private Records() {
    }

    // ------------------------------------------------------------------ messages

    static void message(Encoder out, Message m) {
        out.str(m.topic()).bytes(m.payload()).u8(m.qos()).bool(m.retain()).optStr(m.publisherId())
                .varint(m.createdAtMillis()).varint(m.expiresAtMillis());
        MessageProperties p = m.properties();
        int flags = (p.payloadFormatUtf8() ? PROP_UTF8 : 0) | (p.contentType() != null ? PROP_CONTENT_TYPE : 0)
                | (p.responseTopic() != null ? PROP_RESPONSE_TOPIC : 0)
                | (p.correlationData() != null ? PROP_CORRELATION : 0);
        out.u8(flags);
        if (p.contentType() != null) {
            out.str(p.contentType());
        }
        if (p.responseTopic() != null) {
            out.str(p.responseTopic());
        }
        if (p.correlationData() != null) {
            out.bytes(p.correlationData());
        }
        out.varint(p.userProperties().size());
        for (UserProperty u : p.userProperties()) {
            out.str(u.name()).str(u.value());
        }
    }

    static Message message(Decoder in) {
        String topic = in.str();
        byte[] payload = in.bytes();
        int qos = in.u8();
        if (qos > 2) {
            throw new CorruptRecordException("QoS " + qos);
        }
        boolean retain = in.bool();
        String publisher = in.optStr();
        long created = in.varint();
        long expires = in.varint();
        int flags = in.u8();
        String contentType = (flags & PROP_CONTENT_TYPE) != 0 ? in.str() : null;
        String responseTopic = (flags & PROP_RESPONSE_TOPIC) != 0 ? in.str() : null;
        byte[] correlation = (flags & PROP_CORRELATION) != 0 ? in.bytes() : null;
        int n = in.varint32();
        List<UserProperty> users = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            users.add(new UserProperty(in.str(), in.str()));
        }
        MessageProperties props = flags == 0 && users.isEmpty() ? MessageProperties.NONE
                : new MessageProperties((flags & PROP_UTF8) != 0, contentType, responseTopic, correlation, users);
        return Message.builder(topic).payload(payload).qos(qos).retain(retain).publisherId(publisher)
                .createdAtMillis(created).expiresAtMillis(expires).properties(props).build();
    }

    // ------------------------------------------------------------------ sessions

    static void client(Encoder out, ClientInfo c) {
        out.str(c.clientId()).optStr(c.username());
        InetSocketAddress a = c.remoteAddress();
        InetAddress ip = a == null ? null : a.getAddress();
        out.optBytes(ip == null ? null : ip.getAddress()).varint(a == null ? 0 : a.getPort());
        out.optStr(c.protocol()).varint(c.protocolVersion()).optStr(c.listener()).optStr(c.adapter())
                .optStr(c.deviceId()).varint(c.keepAliveSeconds()).varint(c.connectedAtMillis()).bool(c.bridge())
                .bool(c.superuser()).optStr(c.certCommonName());
    }

    static ClientInfo client(Decoder in) {
        String id = in.str();
        String user = in.optStr();
        byte[] ip = in.optBytes();
        int port = in.varint32();
        InetSocketAddress address = null;
        if (ip != null) {
            try {
                address = new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } catch (UnknownHostException e) {
                throw new CorruptRecordException("address of " + ip.length + " bytes");
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordException("port " + port);
            }
        }
        return new ClientInfo(id, user, address, in.optStr(), in.varint32(), in.optStr(), in.optStr(), in.optStr(),
                in.varint32(), in.varint(), in.bool(), in.bool(), in.optStr());
    }

    static void will(Encoder out, Will w) {
        out.bool(w != null);
        if (w != null) {
            message(out, w.message());
            out.varint(w.delaySeconds());
        }
    }

    static Will will(Decoder in) {
        if (!in.bool()) {
            return null;
        }
        Message m = message(in);
        return new Will(m, in.varint());
    }

    static void options(Encoder out, SubscriptionOptions o) {
        out.u8(o.qos()).u8((o.noLocal() ? 1 : 0) | (o.retainAsPublished() ? 2 : 0)).u8(o.retainHandling().value());
    }

    static SubscriptionOptions options(Decoder in) {
        int qos = in.u8();
        int flags = in.u8();
        int rh = in.u8();
        if (qos > 2 || flags > 3 || rh > 2) {
            throw new CorruptRecordException("subscription options " + qos + "/" + flags + "/" + rh);
        }
        return new SubscriptionOptions(qos, (flags & 1) != 0, (flags & 2) != 0, RetainHandling.of(rh));
    }

    static void ids(Encoder out, int[] ids) {
        out.varint(ids.length);
        for (int id : ids) {
            out.varint(id);
        }
    }

    static int[] ids(Decoder in) {
        int n = in.varint32();
        if (n > 65535) {
            throw new CorruptRecordException(n + " subscription ids");
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = in.varint32();
        }
        return ids;
    }
}
