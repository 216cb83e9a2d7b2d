package dev.estuary.adapter.coap.codec;

import dev.estuary.core.spi.DeviceMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The optional JSON envelope ({@code ?envelope=json} on a GET or an observation): the message with its MQTT
 * metadata in one readable document, for devices and tools that cannot read CoAP options:
 * <pre>{"topic":"devices/coap/sensor-7/down/led","channel":"led","payload":"on","contentType":"text/plain",
 *  "qos":1,"retained":false}</pre>
 * {@code payload} is the payload as text when it is valid UTF-8; otherwise {@code payloadBase64} carries it.
 * {@code channel} appears for downlinks on a channel, {@code contentType} when the publisher set one.
 */
public final class Envelope {
    private Envelope() {
    }

    /**
     * Whether the request asked for the envelope.
     *
     * @throws IllegalArgumentException for an unknown envelope format
     */
    public static boolean requested(QueryParams query) {
        String v = query.get("envelope");
        if (v == null) {
            return false;
        }
        if (v.equals("json")) {
            return true;
        }
        throw new IllegalArgumentException("envelope must be json (was '" + v + "')");
    }

    public static byte[] json(DeviceMessage m) {
        StringBuilder b = new StringBuilder(m.payload().length + 128).append("{\"topic\":");
        quote(b, m.topic());
        if (m.channel() != null) {
            b.append(",\"channel\":");
            quote(b, m.channel());
        }
        String text = utf8(m.payload());
        if (text != null) {
            b.append(",\"payload\":");
            quote(b, text);
        } else {
            b.append(",\"payloadBase64\":\"").append(Base64.getEncoder().encodeToString(m.payload())).append('"');
        }
        if (m.contentType() != null) {
            b.append(",\"contentType\":");
            quote(b, m.contentType());
        }
        b.append(",\"qos\":").append(m.qos()).append(",\"retained\":").append(m.retained()).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
