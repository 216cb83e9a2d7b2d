package dev.estuary.adapter.coap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.spi.DeviceMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EnvelopeTest {
    private static DeviceMessage message(String topic, String channel, byte[] payload, String type) {
        return new DeviceMessage(topic, channel, payload, 1, false, type, List.of(), null, null, null, null);
    }

    @Test
    void text_payloads_are_inlined_and_escaped() {
        byte[] json = Envelope.json(message("a/\"b\"", "led", "say \"hi\"\n".getBytes(StandardCharsets.UTF_8),
                "text/plain"));
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"topic\":\"a/\\\"b\\\"\",\"channel\":\"led\","
                + "\"payload\":\"say \\\"hi\\\"\\u000a\",\"contentType\":\"text/plain\",\"qos\":1,\"retained\":false}");
    }

    @Test
    void binary_payloads_are_base64() {
        byte[] json = Envelope.json(message("t", null, new byte[] {(byte) 0xff, 0x00}, null));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"topic\":\"t\",\"payloadBase64\":\"/wA=\",\"qos\":1,\"retained\":false}");
    }
}
