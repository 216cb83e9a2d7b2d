package dev.estuary.adapter.lorawan.chirpstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lorawan.testing.Received;
import dev.estuary.adapter.lorawan.testing.Subscriber;
import java.util.List;

/**
 * What an application sees for each ChirpStack event fixture, whichever way ChirpStack delivered it (HTTP, MQTT,
 * JSON or Protobuf marshaler).
 */
final class ChirpStackExpectations {
    static final String DEV = "0101010101010101";
    static final String APP = "17c82e96-be03-4f38-aef3-f83d48582d97";
    /** Fixture file, event name. */
    static final List<String[]> EVENTS = List.of(new String[] {"chirpstack-v4-up.json", "up"},
            new String[] {"chirpstack-v4-join.json", "join"}, new String[] {"chirpstack-v4-ack.json", "ack"},
            new String[] {"chirpstack-v4-txack.json", "txack"}, new String[] {"chirpstack-v4-status.json", "status"},
            new String[] {"chirpstack-v4-log.json", "log"}, new String[] {"chirpstack-v4-location.json", "location"},
            new String[] {"chirpstack-v4-integration.json", "integration"});

    private ChirpStackExpectations() {
    }

    static void assertEveryEventPublished(Subscriber app, String source, String via) {
        Received up = app.await("devices/lorawan/" + DEV + "/up/1");
        assertThat(up.contentType()).isEqualTo("application/json");
        assertThat(up.retained()).isFalse();
        JsonNode u = up.json();
        assertThat(u.path("devEui").asText()).isEqualTo(DEV);
        assertThat(u.path("fPort").asInt()).isEqualTo(1);
        assertThat(u.has("fCnt")).isTrue();
        assertThat(u.path("fCnt").asLong()).as("absent fCnt means 0 (proto3 JSON)").isZero();
        assertThat(u.path("data").asText()).isEqualTo("qg==");
        assertThat(u.path("confirmed").asBoolean()).isFalse();
        assertThat(u.path("adr").asBoolean()).isFalse();
        assertThat(u.path("dr").asInt()).isEqualTo(1);
        assertThat(u.path("devAddr").asText()).isEqualTo("00189440");
        assertThat(u.path("deviceName").asText()).isEqualTo("Test device");
        assertThat(u.path("applicationId").asText()).isEqualTo(APP);
        assertThat(u.path("frequency").asLong()).isEqualTo(867100000L);
        assertThat(u.path("modulation").asText()).isEqualTo("LORA");
        assertThat(u.path("spreadingFactor").asInt()).isEqualTo(11);
        assertThat(u.path("bandwidth").asInt()).isEqualTo(125000);
        assertThat(u.path("codeRate").asText()).isEqualTo("4/5");
        assertThat(u.path("time").asText()).startsWith("2022-07-18T09:34:15.775023");
        assertThat(u.path("source").asText()).isEqualTo(source);
        assertThat(u.path("via").asText()).isEqualTo(via);
        assertThat(u.has("decoded")).isFalse();
        JsonNode rx = u.path("rx");
        assertThat(rx).hasSize(1);
        assertThat(rx.get(0).path("gatewayId").asText()).isEqualTo("0016c001f153a14c");
        assertThat(rx.get(0).path("rssi").asInt()).isEqualTo(-36);
        assertThat(rx.get(0).path("snr").asDouble()).isEqualTo(10.5);
        assertThat(rx.get(0).path("channel").asInt()).isZero();
        assertThat(rx.get(0).path("frequency").asLong()).isEqualTo(867100000L);
        assertThat(rx.get(0).path("dataRate").asText()).isEqualTo("SF11BW125");
        assertThat(rx.get(0).path("spreadingFactor").asInt()).isEqualTo(11);

        JsonNode join = app.await("devices/lorawan/" + DEV + "/events/join").json();
        assertThat(join.path("event").asText()).isEqualTo("join");
        assertThat(join.path("devAddr").asText()).isEqualTo("00189440");
        assertThat(join.path("clientId").asText()).isEqualTo("lorawan:" + DEV);
        assertThat(join.path("source").asText()).isEqualTo(source);

        JsonNode ack = app.await("devices/lorawan/" + DEV + "/events/ack").json();
        assertThat(ack.path("acknowledged").asBoolean()).isTrue();
        assertThat(ack.path("fCntDown").asInt()).isEqualTo(3);
        assertThat(ack.path("queueItemId").asText()).isEqualTo("1bbcab1d-6ec6-4136-b3f5-d63be1dc08de");

        JsonNode txack = app.await("devices/lorawan/" + DEV + "/events/txack").json();
        assertThat(txack.path("fCntDown").asInt()).isEqualTo(2);
        assertThat(txack.path("gatewayId").asText()).isEqualTo("0016c001f153a14c");
        assertThat(txack.path("frequency").asLong()).isEqualTo(867900000L);
        assertThat(txack.path("power").asInt()).isEqualTo(14);
        assertThat(txack.path("queueItemId").asText()).isEqualTo("42cb6459-a640-46ec-9623-bdff39dc4736");
        assertThat(txack.path("downlinkId").asLong()).isEqualTo(3461958127L);

        Received status = app.await("devices/lorawan/" + DEV + "/status",
                r -> r.json().path("details").has("batteryLevel"));
        assertThat(status.retained()).isFalse();
        JsonNode s = status.json();
        assertThat(s.path("status").asText()).isEqualTo("online");
        assertThat(s.path("clientId").asText()).isEqualTo("lorawan:" + DEV);
        assertThat(s.path("details").path("batteryLevel").asDouble()).isEqualTo(88.3);
        assertThat(s.path("details").path("margin").asInt()).isEqualTo(10);
        assertThat(s.path("details").path("externalPowerSource").asBoolean()).isFalse();
        assertThat(s.path("details").path("lastSeen").asText()).isNotEmpty();
        assertThat(s.path("details").path("devEui").asText()).isEqualTo(DEV);

        JsonNode log = app.await("devices/lorawan/" + DEV + "/events/log").json();
        assertThat(log.path("level").asText()).isEqualTo("ERROR");
        assertThat(log.path("code").asText()).isEqualTo("UPLINK_MIC");
        assertThat(log.path("description").asText()).contains("MIC of join-request is invalid");
        assertThat(log.path("context").path("deduplication_id").asText())
                .isEqualTo("4e91db13-5ce3-4c8c-ab0f-dfc626cf0771");

        JsonNode location = app.await("devices/lorawan/" + DEV + "/events/location").json();
        assertThat(location.path("location").path("latitude").asDouble()).isEqualTo(37.344214);
        assertThat(location.path("location").path("longitude").asDouble()).isEqualTo(-8.839375);
        assertThat(location.path("location").path("altitude").asDouble()).isEqualTo(2.0);

        JsonNode integration = app.await("devices/lorawan/0016c001f000175a/events/integration").json();
        assertThat(integration.path("integrationName").asText()).isEqualTo("loracloud");
        assertThat(integration.path("eventType").asText()).isEqualTo("modem_UplinkResponse");
        assertThat(integration.path("object").path("info_fields").path("voltage").path("value").asDouble())
                .isEqualTo(3.04);
        assertThat(integration.path("object").path("stream_records").get(0).get(1).asText())
                .isEqualTo("0815a7f492bf248575caf492bf248725c874acb96799de");
    }
}
