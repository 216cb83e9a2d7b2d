package dev.estuary.adapter.lorawan.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.lorawan.testing.FakeNetworkServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adapters.lorawan.devices.{devEui}.network_server / application_id / device_id}: the configured owner of a
 * device decides where its downlinks go, before and after Estuary learned another owner from its uplinks. Two
 * network servers, each with its own broker: a ChirpStack ({@code cs}) and a The Things Stack ({@code tts}).
 */
@Timeout(40)
class OwnerOverrideTest {
    /** The device of the ChirpStack uplink sample, configured to belong to TTS application app9 as dev9. */
    static final String MOVED = "0101010101010101";
    /** The device of the TTS uplink sample (app1/dev1), configured as app9/dev-nine on the same TTS. */
    static final String RENAMED = "4200000000000000";
    /** A device Estuary never heard from, configured on ChirpStack application "cs-app". */
    static final String SILENT = "70b3d57ed0000001";
    static final String CS_APP = "17c82e96-be03-4f38-aef3-f83d48582d97";

    @TempDir
    Path dir;
    private FakeNetworkServer chirpstack;
    private FakeNetworkServer tts;
    private LorawanHarness h;

    @BeforeEach
    void start() throws Exception {
        chirpstack = new FakeNetworkServer("application/+/device/+/command/down");
        tts = new FakeNetworkServer("v3/+/devices/+/down/push");
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        ObjectNode cs = c.withArray("network_servers").addObject().put("name", "cs").put("type", "chirpstack");
        cs.putObject("mqtt").put("server", chirpstack.uri());
        ObjectNode t = c.withArray("network_servers").addObject().put("name", "tts").put("type", "tts")
                .put("tenant", "tenant1");
        t.putObject("mqtt").put("server", tts.uri());
        ObjectNode devices = c.putObject("devices");
        devices.putObject(MOVED).put("network_server", "tts").put("application_id", "app9").put("device_id", "dev9");
        devices.putObject(RENAMED).put("network_server", "tts").put("application_id", "app9")
                .put("device_id", "dev-nine");
        devices.putObject(SILENT.toUpperCase()).put("network_server", "cs").put("application_id", "cs-app");
        h = new LorawanHarness(c, dir);
        await().atMost(Duration.ofSeconds(10)).until(h.adapter::networkServersSubscribed);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            h.close();
        } finally {
            chirpstack.close();
            tts.close();
        }
    }

    private static String corr(Received r) {
        return r.correlationData() == null ? "" : new String(r.correlationData(), StandardCharsets.UTF_8);
    }

    private Received answer(String correlation) {
        return h.app.await("app/replies", r -> corr(r).equals(correlation));
    }

    @Test
    void a_configured_device_never_heard_from_gets_its_downlinks_at_the_configured_application() throws Exception {
        h.app.publish("devices/lorawan/" + SILENT + "/down", "{\"fPort\":3,\"data\":\"AQID\"}", "app/replies", "s1");
        Mqtt5Publish cmd = chirpstack.nextCommand();
        assertThat(cmd).isNotNull();
        assertThat(cmd.getTopic().toString()).isEqualTo("application/cs-app/device/" + SILENT + "/command/down");
        JsonNode body = LorawanHarness.JSON.readTree(cmd.getPayloadAsBytes());
        assertThat(body.path("devEui").asText()).isEqualTo(SILENT);
        assertThat(body.path("data").asText()).isEqualTo("AQID");
        JsonNode a = answer("s1").json();
        assertThat(a.path("status").asText()).as(a.toString()).isEqualTo("queued");
        assertThat(a.path("networkServer").asText()).isEqualTo("cs");
        assertThat(tts.noCommandWithin(200)).isTrue();
    }

    @Test
    void the_configured_network_server_wins_over_the_one_the_uplinks_came_from() throws Exception {
        chirpstack.publish("application/" + CS_APP + "/device/" + MOVED + "/event/up",
                Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + MOVED + "/up/1");

        h.app.publish("devices/lorawan/" + MOVED + "/down", "{\"fPort\":4,\"data\":\"vu8=\"}", "app/replies", "m1");
        Mqtt5Publish push = tts.nextCommand();
        assertThat(push).isNotNull();
        assertThat(push.getTopic().toString()).isEqualTo("v3/app9@tenant1/devices/dev9/down/push");
        assertThat(LorawanHarness.JSON.readTree(push.getPayloadAsBytes()).path("downlinks").get(0)
                .path("frm_payload").asText()).isEqualTo("vu8=");
        assertThat(answer("m1").json().path("networkServer").asText()).isEqualTo("tts");
        assertThat(chirpstack.noCommandWithin(200)).isTrue();
    }

    @Test
    void the_configured_application_and_device_id_win_over_those_learned_from_uplinks() throws Exception {
        tts.publish("v3/app1@tenant1/devices/dev1/up", Fixtures.bytes("tts-v3-mqtt-up.json"));
        h.app.await("devices/lorawan/" + RENAMED + "/up/15");

        h.app.publish("devices/lorawan/" + RENAMED + "/down", "{\"fPort\":15,\"data\":\"vu8=\"}", "app/replies",
                "r1");
        Mqtt5Publish push = tts.nextCommand();
        assertThat(push).isNotNull();
        assertThat(push.getTopic().toString()).isEqualTo("v3/app9@tenant1/devices/dev-nine/down/push");
        assertThat(answer("r1").json().path("status").asText()).isEqualTo("queued");
    }
}
