package dev.estuary.adapter.lorawan.downlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import java.io.IOException;
import java.util.Base64;

/**
 * A downlink an MQTT client published to {@code devices/lorawan/{devEui}/down}:
 * {@code {"id":"d1","fPort":10,"data":"AQID","confirmed":false}} or with {@code "object":{...}} instead of
 * {@code data} (encoded by the device's codec in Estuary, or by the network server's when Estuary has none).
 *
 * @param id        the requester's id (MQTT 3.1.1 request/response), or null
 * @param fPort     1..223
 * @param data      the plaintext FRMPayload, or null when {@code object} is given
 * @param object    an object to encode, or null
 * @param confirmed confirmed downlink
 * @param priority  TTS priority ({@code NORMAL} unless given)
 */
public record DownlinkRequest(String id, int fPort, byte[] data, ObjectNode object, boolean confirmed,
                              String priority) {

    /** Reads and checks a downlink; the exception's message tells the requester what is wrong. */
    public static DownlinkRequest parse(byte[] payload) {
        ObjectNode o;
        try {
            o = Json.parseObject(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("downlink must be a JSON object: " + e.getMessage());
        }
        JsonNode port = o.get("fPort");
        if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 223) {
            throw new IllegalArgumentException("\"fPort\" must be a number 1..223");
        }
        byte[] data = null;
        JsonNode d = o.get("data");
        if (d != null && !d.isNull()) {
            if (!d.isTextual()) {
                throw new IllegalArgumentException("\"data\" must be a base64 string");
            }
            try {
                data = Base64.getDecoder().decode(d.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"data\" is not valid base64: " + e.getMessage());
            }
        }
        JsonNode obj = o.get("object");
        if (obj != null && !obj.isNull() && !obj.isObject()) {
            throw new IllegalArgumentException("\"object\" must be a JSON object");
        }
        ObjectNode object = obj != null && obj.isObject() ? (ObjectNode) obj : null;
        if (data == null && object == null) {
            throw new IllegalArgumentException("give \"data\" (base64) or \"object\"");
        }
        JsonNode confirmed = o.get("confirmed");
        if (confirmed != null && !confirmed.isBoolean()) {
            throw new IllegalArgumentException("\"confirmed\" must be true or false");
        }
        return new DownlinkRequest(Json.text(o, "id"), port.asInt(), data, data == null ? object : null,
                confirmed != null && confirmed.asBoolean(), o.hasNonNull("priority") ? o.get("priority").asText()
                        : "NORMAL");
    }

    /** The same downlink with its object encoded to bytes. */
    public DownlinkRequest withData(byte[] bytes) {
        return new DownlinkRequest(id, fPort, bytes, null, confirmed, priority);
    }
}
