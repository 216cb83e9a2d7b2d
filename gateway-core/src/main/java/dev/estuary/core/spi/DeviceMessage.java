package dev.estuary.core.spi;

import java.util.List;
import java.util.Map;

/**
 * A message delivered to a device session: a downlink (published by an MQTT client to the device's {@code down}
 * topics) or a message matching one of the device's own subscriptions ({@link DeviceSession#subscribe}).
 * Immutable.
 *
 * @param topic           the MQTT topic it was published to
 * @param channel         for downlinks: the part after {@code down/} (null for {@code down} itself); null otherwise
 * @param payload         the payload (do not modify)
 * @param qos             the QoS it was delivered with
 * @param retained        true when it is a retained message sent because of a new subscription
 * @param contentType     MQTT 5 content type, or null
 * @param userProperties  MQTT 5 user properties in order
 * @param responseTopic   MQTT 5 response topic set by the requester, or null
 * @param correlationData MQTT 5 correlation data set by the requester, or null
 * @param requestId       the {@code "id"} member when the payload is a JSON object that has one (MQTT 3.1.1
 *                        request/response), else null
 * @param publisherId     client id of the publisher, or null for the gateway itself
 */
public record DeviceMessage(String topic, String channel, byte[] payload, int qos, boolean retained,
                            String contentType, List<Map.Entry<String, String>> userProperties,
                            String responseTopic, byte[] correlationData, String requestId, String publisherId) {

    /** True when the requester asked for an answer (MQTT 5 response topic, or a JSON id for 3.1.1 clients). */
    public boolean expectsReply() {
        return responseTopic != null || requestId != null;
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
}
