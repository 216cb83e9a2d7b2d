package dev.estuary.management.routes;

import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.message.UserProperty;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.Topics;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/publish}: publishes a message on the broker's behalf (not ACL-checked; the caller is an
 * administrator). Body: {@code topic}, {@code payload}, {@code payload_encoding} ({@code plain} or
 * {@code base64}), {@code qos}, {@code retain}, {@code content_type}, {@code expiry_interval} (seconds),
 * {@code user_properties}.
 */
public final class PublishRoutes {
    private PublishRoutes() {
    }

    /** The request body. */
    record PublishBody(String topic, String payload, String payloadEncoding, Integer qos, Boolean retain,
                       String contentType, Long expiryInterval, Map<String, String> userProperties) {
        PublishBody {
            if (topic == null || topic.isEmpty()) {
                throw new IllegalArgumentException("field 'topic' is required");
            }
            payload = payload == null ? "" : payload;
            payloadEncoding = payloadEncoding == null ? "plain" : payloadEncoding;
            if (!payloadEncoding.equals("plain") && !payloadEncoding.equals("base64")) {
                throw new IllegalArgumentException("field 'payload_encoding' must be plain or base64");
            }
            qos = qos == null ? 0 : qos;
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("field 'qos' must be 0, 1 or 2 (was " + qos + ")");
            }
            retain = retain != null && retain;
            if (expiryInterval != null && expiryInterval < 0) {
                throw new IllegalArgumentException("field 'expiry_interval' must not be negative");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("POST", "/api/v1/publish", req -> publish(ctx, req));
    }

    private static ApiResponse publish(ManagementContext ctx, ApiRequest req) {
        PublishBody b = req.body(PublishBody.class);
        try {
            Topics.checkName(b.topic(), ctx.broker().config().topicLimits());
        } catch (InvalidTopicException e) {
            throw ApiException.badRequest("field 'topic': " + e.getMessage());
        }
        if (b.qos() > ctx.broker().config().maxQosAllowed()) {
            throw ApiException.badRequest("field 'qos': above mqtt.max_qos_allowed ("
                    + ctx.broker().config().maxQosAllowed() + ")");
        }
        byte[] payload;
        if (b.payloadEncoding().equals("base64")) {
            try {
                payload = Base64.getDecoder().decode(b.payload());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'payload': not valid Base64");
            }
        } else {
            payload = b.payload().getBytes(StandardCharsets.UTF_8);
        }
        List<UserProperty> users = new ArrayList<>();
        if (b.userProperties() != null) {
            b.userProperties().forEach((k, v) -> users.add(new UserProperty(k, v)));
        }
        MessageProperties props = b.contentType() == null && users.isEmpty() ? MessageProperties.NONE
                : new MessageProperties(false, b.contentType(), null, null, users);
        long now = ctx.broker().clock().millis();
        Message m = Message.builder(b.topic()).payload(payload).qos(b.qos()).retain(b.retain()).properties(props)
                .createdAtMillis(now).expiresAtMillis(b.expiryInterval() == null ? 0 : now + 1000 * b.expiryInterval())
                .build();
        int delivered = ctx.broker().publish(m);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Long.toString(m.id()));
        out.put("topic", m.topic());
        out.put("subscribers", delivered);
        return ApiResponse.ok(out);
    }
}
