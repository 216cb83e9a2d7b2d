package dev.estuary.management.routes;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Subscription;
import dev.estuary.core.session.ClientInfo;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of clients, subscriptions and messages in API answers. */
final class Views {
    private Views() {
    }

    static Map<String, Object> client(SessionSnapshots.Snapshot s) {
        ClientInfo c = s.client();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("connected", s.online());
        m.put("ipaddress", c.remoteAddress() == null ? null : c.ip());
        m.put("port", c.remoteAddress() == null ? null : c.remoteAddress().getPort());
        m.put("protocol", c.protocol());
        m.put("proto_ver", c.protocolVersion());
        m.put("listener", c.listener());
        m.put("adapter", c.adapter());
        m.put("device_id", c.deviceId());
        m.put("keepalive", c.keepAliveSeconds());
        m.put("superuser", c.superuser());
        m.put("bridge", c.bridge());
        m.put("connected_at", c.connectedAtMillis());
        m.put("disconnected_at", s.online() ? null : s.disconnectedAtMillis());
        m.put("expiry_interval", s.expirySeconds() == Long.MAX_VALUE ? -1 : s.expirySeconds());
        m.put("subscriptions", s.subscriptions().size());
        m.put("inflight", s.inflight());
        m.put("queued", s.queued());
        m.put("awaiting_rel", s.awaitingRel());
        return m;
    }

    static Map<String, Object> subscription(String clientId, String topic, Subscription sub) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientid", clientId);
        m.put("topic", topic);
        m.put("filter", sub.topicFilter());
        m.put("share_group", sub.shareGroup());
        m.put("qos", sub.options().qos());
        m.put("nl", sub.options().noLocal() ? 1 : 0);
        m.put("rap", sub.options().retainAsPublished() ? 1 : 0);
        m.put("rh", sub.options().retainHandling().ordinal());
        m.put("subscription_id", sub.subscriptionId() == 0 ? null : sub.subscriptionId());
        return m;
    }

    /** A message; with its payload ({@code payload} and {@code payload_encoding}) when {@code withPayload}. */
    static Map<String, Object> message(Message msg, boolean withPayload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", msg.topic());
        m.put("qos", msg.qos());
        m.put("payload_size", msg.payload().length);
        m.put("publisher", msg.publisherId());
        m.put("published_at", msg.createdAtMillis());
        m.put("expires_at", msg.expiresAtMillis() == 0 ? null : msg.expiresAtMillis());
        m.put("content_type", msg.properties().contentType());
        if (withPayload) {
            String text = utf8(msg.payload());
            m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(msg.payload()));
            m.put("payload_encoding", text != null ? "plain" : "base64");
        }
        return m;
    }

    static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
