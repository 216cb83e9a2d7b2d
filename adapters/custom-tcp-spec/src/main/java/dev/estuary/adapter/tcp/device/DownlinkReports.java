package dev.estuary.adapter.tcp.device;

import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports the outcome of every downlink per the topic model's request/response rules (spec §10.3): an event
 * ({@code downlink-acked}, {@code downlink-nacked}, {@code downlink-failed}) always, and an answer to the
 * requester when the downlink asked for one (MQTT 5 response topic or a JSON {@code "id"}).
 */
public final class DownlinkReports {
    private final DeviceSession session;

    public DownlinkReports(DeviceSession session) {
        this.session = session;
    }

    /** The device acknowledged; {@code result} is what it sent back (may be empty). */
    public void acked(DeviceMessage m, int messageId, int attempts, byte[] result) {
        Map<String, Object> event = base(m, messageId, attempts);
        Map<String, Object> reply = replyBase(m, true, messageId);
        if (result.length > 0) {
            String text = text(result);
            String key = text != null ? "result" : "resultBase64";
            String value = text != null ? text : Base64.getEncoder().encodeToString(result);
            event.put(key, value);
            reply.put(key, value);
        }
        session.event("downlink-acked", event);
        answer(m, reply);
    }

    /** The device refused with a NACK. */
    public void nacked(DeviceMessage m, int messageId, int attempts, String reason, int code, String text) {
        Map<String, Object> event = base(m, messageId, attempts);
        event.put("reason", reason);
        event.put("code", code);
        if (!text.isEmpty()) {
            event.put("text", text);
        }
        session.event("downlink-nacked", event);
        Map<String, Object> reply = replyBase(m, false, messageId);
        reply.put("error", "the device refused the downlink: " + reason + (text.isEmpty() ? "" : " (" + text + ")"));
        reply.put("reason", reason);
        answer(m, reply);
    }

    /** The downlink could not be delivered (refused before sending, timed out, device gone). */
    public void failed(DeviceMessage m, int messageId, int attempts, String error) {
        Map<String, Object> event = base(m, messageId, attempts);
        event.put("error", error);
        session.event("downlink-failed", event);
        Map<String, Object> reply = replyBase(m, false, messageId);
        reply.put("error", error);
        answer(m, reply);
    }

    private static Map<String, Object> base(DeviceMessage m, int messageId, int attempts) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (messageId > 0) {
            body.put("messageId", messageId);
        }
        body.put("channel", m.channel() == null ? "" : m.channel());
        body.put("attempts", attempts);
        if (m.requestId() != null) {
            body.put("id", m.requestId());
        }
        return body;
    }

    private static Map<String, Object> replyBase(DeviceMessage m, boolean ok, int messageId) {
        Map<String, Object> reply = new LinkedHashMap<>();
        if (m.requestId() != null) {
            reply.put("id", m.requestId());
        }
        reply.put("ok", ok);
        if (messageId > 0) {
            reply.put("messageId", messageId);
        }
        return reply;
    }

    private void answer(DeviceMessage m, Map<String, Object> reply) {
        if (m.expectsReply()) {
            session.reply(m, JsonText.bytes(reply), "application/json");
        }
    }

    private static String text(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
