package dev.estuary.core.webhook;

import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.sys.ClientEventBody;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON bodies webhooks send, in EMQX's shape ({@code event}, {@code clientid}, {@code from_client_id},
 * {@code topic}, {@code payload}, {@code node}, {@code ts}, ...). A payload that is valid UTF-8 is sent as text
 * ({@code "payload_encoding": "plain"}), anything else in Base64 ({@code "base64"}).
 */
final class WebhookBodies {
    private WebhookBodies() {
    }

    static Map<String, Object> connected(String node, ClientInfo c, boolean sessionPresent, long ts) {
        Map<String, Object> m = head("client.connected");
        m.putAll(ClientEventBody.connected(c, sessionPresent, ts));
        m.put("node", node);
        return m;
    }

    static Map<String, Object> disconnected(String node, ClientInfo c, Disconnect d, long ts) {
        Map<String, Object> m = head("client.disconnected");
        m.putAll(ClientEventBody.disconnected(c, d, ts));
        m.put("node", node);
        return m;
    }

    static Map<String, Object> subscribed(String node, ClientInfo c, String topic, SubscriptionOptions o, long ts) {
        Map<String, Object> m = head("session.subscribed");
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("adapter", c.adapter());
        m.put("topic", topic);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("qos", o.qos());
        opts.put("nl", o.noLocal() ? 1 : 0);
        opts.put("rap", o.retainAsPublished() ? 1 : 0);
        opts.put("rh", o.retainHandling().ordinal());
        m.put("opts", opts);
        m.put("node", node);
        m.put("ts", ts);
        return m;
    }

    static Map<String, Object> published(String node, ClientInfo publisher, Message msg, long ts) {
        Map<String, Object> m = head("message.publish");
        message(m, msg);
        m.put("from_username", publisher == null ? null : publisher.username());
        m.put("node", node);
        m.put("ts", ts);
        return m;
    }

    static Map<String, Object> delivered(String node, ClientInfo subscriber, Message msg, int qos, long ts) {
        Map<String, Object> m = head("message.delivered");
        m.put("clientid", subscriber == null ? null : subscriber.clientId());
        m.put("username", subscriber == null ? null : subscriber.username());
        message(m, msg);
        m.put("qos", qos);
        m.put("node", node);
        m.put("ts", ts);
        return m;
    }

    static Map<String, Object> dropped(String node, String clientId, Message msg, DropReason reason, long ts) {
        Map<String, Object> m = head("message.dropped");
        m.put("clientid", clientId);
        message(m, msg);
        m.put("reason", reason.label());
        m.put("node", node);
        m.put("ts", ts);
        return m;
    }

    private static Map<String, Object> head(String event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        return m;
    }

    private static void message(Map<String, Object> m, Message msg) {
        m.put("id", Long.toString(msg.id()));
        m.put("from_client_id", msg.publisherId());
        m.put("topic", msg.topic());
        m.put("qos", msg.qos());
        m.put("retain", msg.retain());
        String text = utf8(msg.payload());
        m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(msg.payload()));
        m.put("payload_encoding", text != null ? "plain" : "base64");
        m.put("publish_received_at", msg.createdAtMillis());
    }

    /** The payload as text, or null when it is not valid UTF-8. */
    static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
