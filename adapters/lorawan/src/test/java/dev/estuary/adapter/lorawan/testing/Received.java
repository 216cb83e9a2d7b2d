package dev.estuary.adapter.lorawan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A message a test subscriber received.
 *
 * @param topic           topic
 * @param payload         payload
 * @param retained        retain flag
 * @param contentType     MQTT 5 content type, or null
 * @param correlationData MQTT 5 correlation data, or null
 */
public record Received(String topic, byte[] payload, boolean retained, String contentType, byte[] correlationData) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON on " + topic + ": " + text(), e);
        }
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
