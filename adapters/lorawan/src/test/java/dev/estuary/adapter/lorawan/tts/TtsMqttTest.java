package dev.estuary.adapter.lorawan.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.lorawan.testing.FakeNetworkServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.Received;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Things Stack's MQTT server: {@code v3/{app}@{tenant}/devices/{dev}/up|join|down/...} both ways. */
@Timeout(40)
class TtsMqttTest {
    static final String DEV = "4200000000000000";
    static final String PREFIX = "v3/app1@tenant1/devices/dev1";

    @TempDir
    Path dir;
    private FakeNetworkServer ns;
    private LorawanHarness h;

    @BeforeEach
    void start() throws Exception {
        ns = new FakeNetworkServer("v3/+/devices/+/down/push");
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        ObjectNode server = c.putArray("network_servers").addObject().put("name", "tts").put("type", "tts")
                .put("tenant", "tenant1");
        server.putObject("mqtt").put("server", ns.uri()).put("username", "app1@tenant1").put("password", "NNSXS.K");
        h = new LorawanHarness(c, dir);
        await().atMost(Duration.ofSeconds(10)).until(h.adapter::networkServersSubscribed);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        ns.close();
    }

    @Test
    void mqtt_uplink_sample_is_published_on_its_fport() throws Exception {
        ns.publish(PREFIX + "/up", Fixtures.bytes("tts-v3-mqtt-up.json"));
        JsonNode u = h.app.await("devices/lorawan/" + DEV + "/up/15").json();
        assertThat(u.path("data").asText()).isEqualTo("VGVtcGVyYXR1cmUgPSAwLjA=");
        assertThat(u.path("fCnt").asInt()).isZero();
        assertThat(u.path("devAddr").asText()).isEqualTo("01da1f15");
        assertThat(u.path("frequency").asLong()).isEqualTo(868500000L);
        assertThat(u.path("via").asText()).isEqualTo("mqtt");
        JsonNode rx = u.path("rx").get(0);
        assertThat(rx.path("gatewayId").asText()).isEqualTo("eui-0242020000247803");
        assertThat(rx.path("gatewayEui").asText()).isEqualTo("0242020000247803");
        assertThat(rx.path("rssi").asInt()).isEqualTo(-35);
        assertThat(rx.path("channel").asInt()).isEqualTo(2);
        assertThat(rx.path("time").asText()).isEqualTo("2019-01-29T13:02:34.981Z");
    }

    @Test
    void downlinks_arrive_as_the_published_down_push_bodies_and_the_ack_sample_completes_them() throws Exception {
        ns.publish(PREFIX + "/up", Fixtures.bytes("tts-v3-mqtt-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/15");

        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"fPort\":15,\"data\":\"vu8=\"}", "app/replies", "p1");
        Mqtt5Publish plain = ns.nextCommand();
        assertThat(plain.getTopic().toString()).isEqualTo(PREFIX + "/down/push");
        ObjectNode body = (ObjectNode) LorawanHarness.JSON.readTree(plain.getPayloadAsBytes());
        ((ObjectNode) body.path("downlinks").get(0)).remove("correlation_ids");
        assertThat(body).isEqualTo(LorawanHarness.JSON.readTree(Fixtures.bytes("tts-v3-downlink-push.json")));

        h.app.publish("devices/lorawan/" + DEV + "/down",
                "{\"fPort\":15,\"data\":\"vu8=\",\"confirmed\":true,\"priority\":\"HIGH\"}", "app/replies", "p2");
        Mqtt5Publish confirmed = ns.nextCommand();
        ObjectNode cbody = (ObjectNode) LorawanHarness.JSON.readTree(confirmed.getPayloadAsBytes());
        String correlation = cbody.path("downlinks").get(0).path("correlation_ids").get(0).asText();
        assertThat(correlation).startsWith("estuary:");
        ObjectNode expected = (ObjectNode) LorawanHarness.JSON.readTree(
                Fixtures.bytes("tts-v3-downlink-push-confirmed.json"));
        ((ObjectNode) expected.path("downlinks").get(0)).putArray("correlation_ids").add(correlation);
        assertThat(cbody).isEqualTo(expected);
        h.app.await("app/replies", r -> new String(r.correlationData()).equals("p2")
                && r.json().path("status").asText().equals("queued"));

        String ack = Fixtures.text("tts-v3-mqtt-down-ack.json").replace("my-correlation-id", correlation);
        ns.publish(PREFIX + "/down/ack", ack.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Received acked = h.app.await("app/replies", r -> new String(r.correlationData()).equals("p2")
                && r.json().path("status").asText().equals("acknowledged"));
        assertThat(acked.json().path("ok").asBoolean()).isTrue();
        JsonNode event = h.app.await("devices/lorawan/" + DEV + "/events/ack").json();
        assertThat(event.path("downlinkAck").path("f_cnt").asInt()).isEqualTo(11);
    }

    @Test
    void the_ack_sample_without_an_estuary_correlation_is_just_an_event() throws Exception {
        ns.publish(PREFIX + "/down/ack", Fixtures.bytes("tts-v3-mqtt-down-ack.json"));
        JsonNode event = h.app.await("devices/lorawan/" + DEV + "/events/ack").json();
        assertThat(event.path("type").asText()).isEqualTo("downlink_ack");
        assertThat(event.path("downlinkAck").path("confirmed").asBoolean()).isTrue();
    }
}
