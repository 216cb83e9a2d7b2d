package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unified device topics: {@code POST /up[/{channel}]} to {@code devices/coap/{id}/up[/{channel}]}, Observe on
 * {@code /down} for {@code devices/coap/{id}/down/#} with channels, status and command answers. The CoAP example
 * of {@code docs/topic-model.md}.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceTopicsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CoapTestGateway gw;
    private MqttProbe mqtt;
    private CfClient coap;

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        gw = CoapTestGateway.start(dir);
    }

    @AfterAll
    void stopGateway() {
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        mqtt = new MqttProbe(gw.mqtt().uri(), "app");
        coap = new CfClient();
    }

    @AfterEach
    void disconnect() throws Exception {
        coap.close();
        mqtt.close();
    }

    private Notifications observeDown(String query) throws InterruptedException {
        Request get = Request.newGet();
        get.setObserve();
        get.setURI(gw.coap("/down?" + query));
        Notifications got = new Notifications();
        coap.client().observe(get, got);
        assertThat(got.next().getCode()).isEqualTo(ResponseCode.CONTENT);
        return got;
    }

    @Test
    void up_with_a_channel_publishes_to_the_device_topic_and_the_device_is_online() throws Exception {
        mqtt.subscribe("devices/coap/sensor-7/#");
        Request post = Request.newPost();
        post.setPayload("21.5");
        post.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        assertThat(coap.send(post, gw.coap("/up/temperature?clientid=sensor-7")).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        MqttProbe.Received up = mqtt.next("devices/coap/sensor-7/up/temperature");
        assertThat(up.text()).isEqualTo("21.5");
        assertThat(up.contentType()).isEqualTo("text/plain");
        JsonNode status = JSON.readTree(mqtt.next("devices/coap/sensor-7/status").payload());
        assertThat(status.path("status").asText()).isEqualTo("online");
        assertThat(status.path("protocol").asText()).isEqualTo("coap");
        assertThat(status.path("clientId").asText()).isEqualTo("coap:sensor-7");

        Request bare = Request.newPost();
        bare.setPayload("x");
        coap.send(bare, gw.coap("/up?c=sensor-7"));
        assertThat(mqtt.next("devices/coap/sensor-7/up").text()).isEqualTo("x");
    }

    @Test
    void observing_down_receives_commands_with_their_topic_and_channel() throws Exception {
        Notifications got = observeDown("clientid=actuator-1");
        mqtt.publish("devices/coap/actuator-1/down/led", "on");
        CoapResponse n = got.next();
        assertThat(n.getResponseText()).isEqualTo("on");
        assertThat(Notifications.channel(n)).isEqualTo("led");
        assertThat(Notifications.topic(n)).isEqualTo("devices/coap/actuator-1/down/led");

        mqtt.publish("devices/coap/actuator-1/down", "reboot".getBytes(StandardCharsets.UTF_8), "text/plain", false);
        CoapResponse bare = got.next();
        assertThat(bare.getResponseText()).isEqualTo("reboot");
        assertThat(Notifications.channel(bare)).isNull();
        assertThat(bare.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);

        mqtt.publish("devices/coap/actuator-2/down/led", "not yours");
        mqtt.publish("devices/coap/actuator-1/down/a/b", "deep");
        CoapResponse deep = got.next();
        assertThat(deep.getResponseText()).isEqualTo("deep");
        assertThat(Notifications.channel(deep)).isEqualTo("a/b");
    }

    @Test
    void a_command_with_a_response_topic_is_answered_once_the_device_acknowledged_it() throws Exception {
        Notifications got = observeDown("c=actuator-3");
        MqttClient v5 = new MqttClient(gw.mqtt().uri(), "requester", new MemoryPersistence());
        v5.connect(new MqttConnectionOptions());
        LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        v5.subscribe(new MqttSubscription[] {new MqttSubscription("app/answers", 1)},
                new IMqttMessageListener[] {(t, m) -> answers.add(new String(m.getProperties().getCorrelationData(),
                        StandardCharsets.UTF_8) + " " + new String(m.getPayload(), StandardCharsets.UTF_8))});
        MqttMessage cmd = new MqttMessage("{\"id\":\"c1\",\"op\":\"blink\"}".getBytes(StandardCharsets.UTF_8));
        MqttProperties p = new MqttProperties();
        p.setResponseTopic("app/answers");
        p.setCorrelationData("corr-9".getBytes(StandardCharsets.UTF_8));
        cmd.setProperties(p);
        cmd.setQos(1);
        v5.publish("devices/coap/actuator-3/down/led", cmd);
        assertThat(got.next().getResponseText()).contains("blink");
        String answer = answers.poll(10, TimeUnit.SECONDS);
        assertThat(answer).startsWith("corr-9 ").contains("\"id\":\"c1\"").contains("\"ok\":true");
        v5.disconnect();
        v5.close();
    }

    @Test
    void a_command_for_a_device_that_does_not_observe_down_is_answered_with_an_error() throws Exception {
        Request post = Request.newPost();
        post.setPayload("1");
        coap.send(post, gw.coap("/up?c=sleepy-1"));
        mqtt.subscribe("devices/coap/sleepy-1/reply");
        mqtt.publish("devices/coap/sleepy-1/down", "{\"id\":\"42\",\"op\":\"read\"}");
        String reply = mqtt.next("devices/coap/sleepy-1/reply").text();
        assertThat(reply).contains("\"id\":\"42\"").contains("\"ok\":false").contains("not observing /down");
    }
}
