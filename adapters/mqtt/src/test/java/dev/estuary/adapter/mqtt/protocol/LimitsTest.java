package dev.estuary.adapter.mqtt.protocol;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.adapter.mqtt.testing.BystanderClient;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The configurable limits of issue 2: packet size ({@code mqtt.max_packet_size}), topic length and levels
 * ({@code max_topic_length}, {@code max_topic_levels}), client-id length ({@code max_clientid_len}) and
 * subscriptions per client ({@code max_subscriptions}), each at its boundary: the limit itself is accepted, one
 * more is refused with the reason code MQTT 5.0 §2.4 names, and other clients are not affected.
 */
@Timeout(60)
class LimitsTest {
    private static final int MAX_PACKET = 1024;
    private static final int MAX_TOPIC_LENGTH = 40;
    private static final int MAX_TOPIC_LEVELS = 4;
    private static final int MAX_CLIENTID_LEN = 23;
    private static final int MAX_SUBSCRIPTIONS = 3;

    private static MqttTestServer server;
    private static BystanderClient bystander;

    @BeforeAll
    static void start() {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults()
                .maxPacketSize(MAX_PACKET)
                .maxTopicLength(MAX_TOPIC_LENGTH)
                .maxTopicLevels(MAX_TOPIC_LEVELS)
                .maxClientidLen(MAX_CLIENTID_LEN)
                .maxSubscriptions(MAX_SUBSCRIPTIONS)
                .build()).start();
        bystander = BystanderClient.connect(server.port(), "limits-bystander");
    }

    @AfterAll
    static void stop() {
        if (bystander != null) {
            bystander.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- max_packet_size

    @Test
    void connack_advertises_max_packet_size_as_maximum_packet_size() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "mps-advertised", props())) {
            assertThat(c.connack().properties().number(PropertyIds.MAXIMUM_PACKET_SIZE)).isEqualTo(MAX_PACKET);
        }
    }

    @Test
    void publish_of_exactly_max_packet_size_is_accepted_and_one_byte_more_is_disconnected_with_0x95()
            throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "mps-boundary", props())) {
            c.send(publishOfTotalSize(MAX_PACKET, 1));
            Packet ack = c.expect(Packet.PUBACK);
            assertThat(ack.packetId()).isEqualTo(1);
            assertThat(ack.reasonCode()).as("no subscriber, but accepted")
                    .isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);

            c.send(publishOfTotalSize(MAX_PACKET + 1, 2));
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.PACKET_TOO_LARGE);
        }
        bystander.assertRoundTrip();
    }

    /** An MQTT 5 QoS 1 PUBLISH to "t" whose encoded size (fixed header included) is exactly {@code total}. */
    private static byte[] publishOfTotalSize(int total, int packetId) {
        // fixed header 1 + remaining length 2 (128..16383); topic 2+1; packet id 2; property length 1
        int payload = total - 1 - 2 - 3 - 2 - 1;
        byte[] p = MqttBytes.publish(1, false, "t", packetId, props().bytes(), new byte[payload]);
        assertThat(p).hasSize(total);
        return p;
    }

    // ---------------------------------------------------------------- max_topic_length / max_topic_levels

    @Test
    void topic_of_max_topic_length_is_accepted_and_one_character_more_is_disconnected_with_0x90()
            throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "topic-length", props())) {
            c.send(MqttBytes.publish(1, false, "a".repeat(MAX_TOPIC_LENGTH), 1, props().bytes(), new byte[1]));
            assertThat(c.expect(Packet.PUBACK).reasonCode()).isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);

            c.send(MqttBytes.publish(1, false, "a".repeat(MAX_TOPIC_LENGTH + 1), 2, props().bytes(),
                    new byte[1]));
            assertDisconnectedWith(c, ReasonCodes.TOPIC_NAME_INVALID);
        }
        bystander.assertRoundTrip();
    }

    @Test
    void topic_with_max_topic_levels_is_accepted_and_one_level_more_is_disconnected_with_0x90()
            throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "topic-levels", props())) {
            c.send(MqttBytes.publish(1, false, "a/b/c/d", 1, props().bytes(), new byte[1]));
            assertThat(c.expect(Packet.PUBACK).reasonCode()).isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);

            c.send(MqttBytes.publish(1, false, "a/b/c/d/e", 2, props().bytes(), new byte[1]));
            assertDisconnectedWith(c, ReasonCodes.TOPIC_NAME_INVALID);
        }
        bystander.assertRoundTrip();
    }

    @Test
    void mqtt311_publish_over_the_topic_limits_closes_the_connection() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect311(server.port(), "topic-levels-3")) {
            c.send(MqttBytes.publish(0, false, "a/b/c/d/e", 0, null, new byte[1]));
            assertThat(c.awaitClosed()).isEmpty();
        }
        bystander.assertRoundTrip();
    }

    @Test
    void subscribe_over_the_topic_limits_gets_suback_0x8F_and_the_connection_stays_open() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "filter-limits", props())) {
            c.send(MqttBytes.subscribe(1, props().bytes(), "a/b/c/d/#", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(ReasonCodes.TOPIC_FILTER_INVALID);
            c.send(MqttBytes.subscribe(2, props().bytes(), "x".repeat(MAX_TOPIC_LENGTH + 1), 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(ReasonCodes.TOPIC_FILTER_INVALID);
            c.send(MqttBytes.subscribe(3, props().bytes(), "a/b/+/#", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(1);
        }
    }

    @Test
    void mqtt311_subscribe_over_the_topic_limits_gets_return_code_0x80() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect311(server.port(), "filter-limits-3")) {
            c.send(MqttBytes.subscribe(1, null, "a/b/c/d/e", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(0x80);
        }
    }

    // ---------------------------------------------------------------- max_clientid_len

    @Test
    void mqtt5_client_id_longer_than_max_clientid_len_gets_connack_0x85() throws Exception {
        String ok = "c".repeat(MAX_CLIENTID_LEN);
        org.eclipse.paho.mqttv5.client.MqttClient accepted = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), ok, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        accepted.connect(new MqttConnectionOptions());
        assertThat(accepted.isConnected()).isTrue();
        accepted.disconnect();
        accepted.close();

        org.eclipse.paho.mqttv5.client.MqttClient refused = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), ok + "c", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        assertThatThrownBy(() -> refused.connect(new MqttConnectionOptions()))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID));
        refused.close();
        bystander.assertRoundTrip();
    }

    @Test
    void mqtt311_client_id_longer_than_max_clientid_len_gets_return_code_2() throws Exception {
        MqttClient refused = new MqttClient(server.uri(), "c".repeat(MAX_CLIENTID_LEN + 1), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        assertThatThrownBy(() -> refused.connect(options))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));
        refused.close();
    }

    @Test
    void mqtt31_client_id_longer_than_max_clientid_len_gets_return_code_2() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.open(server.port(), false)) {
            c.send(MqttBytes.connect(3, "c".repeat(MAX_CLIENTID_LEN + 1)).protocolName("MQIsdp").bytes());
            List<Packet> got = c.awaitClosed();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).type()).isEqualTo(Packet.CONNACK);
            assertThat(got.get(0).reasonCode()).isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- max_subscriptions

    @Test
    void subscription_beyond_max_subscriptions_gets_suback_0x97_but_resubscribing_an_existing_one_works()
            throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "quota", props())) {
            for (int i = 1; i <= MAX_SUBSCRIPTIONS; i++) {
                c.send(MqttBytes.subscribe(i, props().bytes(), "quota/" + i, 1));
                assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(1);
            }
            c.send(MqttBytes.subscribe(10, props().bytes(), "quota/extra", 1));
            Packet suback = c.expect(Packet.SUBACK);
            assertThat(suback.reasonCodes()).containsExactly(ReasonCodes.QUOTA_EXCEEDED);

            c.send(MqttBytes.subscribe(11, props().bytes(), "quota/1", 2)); // replaces, does not add
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(2);

            c.send(MqttBytes.unsubscribe(12, props().bytes(), "quota/2"));
            assertThat(c.expect(Packet.UNSUBACK).reasonCodes()).containsExactly(0);
            c.send(MqttBytes.subscribe(13, props().bytes(), "quota/extra", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(1);

            // the connection still works: a message on a granted subscription arrives
            c.send(MqttBytes.publish(0, false, "quota/extra", 0, props().bytes(),
                    "hi".getBytes(StandardCharsets.UTF_8)));
            Packet p = c.expect(Packet.PUBLISH);
            assertThat(p.payloadString()).isEqualTo("hi");
        }
    }

    @Test
    void mqtt311_subscription_beyond_max_subscriptions_gets_return_code_0x80() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect311(server.port(), "quota-3")) {
            for (int i = 1; i <= MAX_SUBSCRIPTIONS; i++) {
                c.send(MqttBytes.subscribe(i, null, "quota3/" + i, 0));
                assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(0);
            }
            c.send(MqttBytes.subscribe(9, null, "quota3/extra", 0));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(0x80);
        }
    }

    private static void assertDisconnectedWith(RawMqttConnection c, int reasonCode) throws Exception {
        List<Packet> last = c.awaitClosed();
        assertThat(last).hasSize(1);
        assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
        assertThat(last.get(0).reasonCode()).isEqualTo(reasonCode);
    }
}
