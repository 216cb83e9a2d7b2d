package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.coap.codec.MqttOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** EMQX-style publish/subscribe through {@code /ps}, seen from Californium's CoapClient and a Paho subscriber. */
@Timeout(60)
class CoapPubSubIT {
    @TempDir
    Path dir;

    private CoapTestGateway gw;
    private MqttProbe mqtt;
    private CfClient coap;

    @BeforeEach
    void start() throws Exception {
        gw = CoapTestGateway.start(dir);
        mqtt = new MqttProbe(gw.mqtt().uri(), "app");
        coap = new CfClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (coap != null) {
            coap.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void post_to_ps_publishes_to_the_mqtt_topic_with_its_content_type() throws Exception {
        mqtt.subscribe("sensors/#");
        Request post = Request.newPost();
        post.setPayload("{\"t\":21.5}");
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        CoapResponse r = coap.send(post, gw.coap("/ps/sensors/t1?clientid=dev-1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        MqttProbe.Received m = mqtt.next("sensors/t1");
        assertThat(m.text()).isEqualTo("{\"t\":21.5}");
        assertThat(m.contentType()).isEqualTo("application/json");
    }

    @Test
    void retained_get_returns_the_retained_message_and_4_04_when_there_is_none() throws Exception {
        mqtt.publish("config/dev-1", "v2".getBytes(StandardCharsets.UTF_8), "text/plain", true);
        CoapResponse r = coap.send(Request.newGet(), gw.coap("/ps/config/dev-1?c=dev-1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(r.getResponseText()).isEqualTo("v2");
        assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
        assertThat(r.getOptions().getOtherOption(MqttOptions.TOPIC).getStringValue()).isEqualTo("config/dev-1");

        CoapResponse none = coap.send(Request.newGet(), gw.coap("/ps/config/nothing?c=dev-1"));
        assertThat(none.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(none.getResponseText()).contains("no retained message on config/nothing");
    }
}
