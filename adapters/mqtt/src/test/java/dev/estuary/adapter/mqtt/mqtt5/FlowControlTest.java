package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.DropReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flow control in both directions (MQTT 5.0 §4.9, §3.1.2.11.3-4, §3.2.2.3.2-6): the client's Maximum Packet Size
 * (messages that would exceed it are not sent and are counted as {@link DropReason#TOO_LARGE}), the client's
 * Receive Maximum (no more unacknowledged QoS 1/2 messages in flight), and the broker's Receive Maximum
 * ({@code mqtt.max_awaiting_rel}: advertised in CONNACK, exceeding it is DISCONNECT 0x93).
 */
@Timeout(30)
class FlowControlTest {
    private MqttTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- the client's Maximum Packet Size

    @Test
    void message_over_the_clients_maximum_packet_size_is_skipped_and_counted_as_too_large() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "small-client",
                props().maximumPacketSize(64));
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "big-sender", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "m/#", 1));
            sub.expect(Packet.SUBACK);
            long before = server.broker().metrics().droppedCount(DropReason.TOO_LARGE);

            pub.send(MqttBytes.publish(0, false, "m/a", 0, props().bytes(), bytes("small-qos0")));
            pub.send(MqttBytes.publish(0, false, "m/a", 0, props().bytes(), new byte[100]));
            pub.send(MqttBytes.publish(1, false, "m/a", 1, props().bytes(), new byte[100]));
            pub.send(MqttBytes.publish(1, false, "m/a", 2, props().bytes(), bytes("small-qos1")));
            pub.expect(Packet.PUBACK);
            pub.expect(Packet.PUBACK);

            Packet first = sub.expect(Packet.PUBLISH);
            assertThat(first.payloadString()).isEqualTo("small-qos0");
            Packet second = sub.expect(Packet.PUBLISH);
            assertThat(second.payloadString()).as("the two big ones were skipped").isEqualTo("small-qos1");
            sub.send(MqttBytes.puback(second.packetId()));
            assertThat(server.broker().metrics().droppedCount(DropReason.TOO_LARGE)).isEqualTo(before + 2);
        }
    }

    /**
     * The size check counts every byte the broker will write: a PUBLISH carrying forwarded properties is sent to
     * a client whose Maximum Packet Size equals its encoded size, and skipped for a client allowing one byte less.
     */
    @Test
    void maximum_packet_size_check_is_exact_including_forwarded_properties() throws Exception {
        server = MqttTestServer.start();
        byte[] properties = props().payloadFormat(1)
                .string(PropertyIds.CONTENT_TYPE, "text/plain")
                .string(PropertyIds.RESPONSE_TOPIC, "answers/here")
                .binaryProp(PropertyIds.CORRELATION_DATA, new byte[] {1, 2, 3})
                .userProperty("k1", "v1").userProperty("k1", "v2").userProperty("name", "välue")
                .bytes();
        // QoS 0, no topic alias, no expiry: what the broker sends is exactly what the publisher sent
        byte[] big = MqttBytes.publish(0, false, "m/exact", 0, properties, bytes("x".repeat(150)));
        int size = big.length;
        try (RawMqttConnection fits = RawMqttConnection.connect5(server.port(), "fits",
                props().maximumPacketSize(size));
             RawMqttConnection tooSmall = RawMqttConnection.connect5(server.port(), "one-byte-short",
                     props().maximumPacketSize(size - 1));
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "exact-sender", props())) {
            for (RawMqttConnection sub : List.of(fits, tooSmall)) {
                sub.send(MqttBytes.subscribe(1, props().bytes(), "m/#", 0));
                sub.expect(Packet.SUBACK);
            }
            pub.send(big, MqttBytes.publish5("m/exact", "after"));

            Packet received = fits.expect(Packet.PUBLISH);
            assertThat(received.body().length + 3).as("packet size on the wire").isEqualTo(size);
            assertThat(received.properties().userProperties()).containsExactly("k1=v1", "k1=v2", "name=välue");
            assertThat(fits.expect(Packet.PUBLISH).payloadString()).isEqualTo("after");
            assertThat(tooSmall.expect(Packet.PUBLISH).payloadString()).as("the big one was skipped")
                    .isEqualTo("after");
        }
    }

    @Test
    void paho_with_a_maximum_packet_size_gets_the_messages_that_fit_and_stays_connected() throws Exception {
        server = MqttTestServer.start();
        BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
        org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), "paho-small", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setMaximumPacketSize(128L);
        paho.connect(options);
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "paho-feeder", props())) {
            paho.subscribe(new MqttSubscription[] {new MqttSubscription("p/#", 1)},
                    new IMqttMessageListener[] {(t, m) ->
                        got.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
            pub.send(MqttBytes.publish(1, false, "p/1", 1, props().bytes(), new byte[500]));
            pub.send(MqttBytes.publish(1, false, "p/2", 2, props().bytes(), bytes("fits")));
            pub.expect(Packet.PUBACK);
            pub.expect(Packet.PUBACK);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("fits");
            assertThat(paho.isConnected()).isTrue();
        } finally {
            paho.disconnect();
            paho.close();
        }
    }

    // ---------------------------------------------------------------- the client's Receive Maximum

    @Test
    void broker_keeps_no_more_unacknowledged_messages_in_flight_than_the_clients_receive_maximum()
            throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "slow-consumer",
                props().receiveMaximum(2));
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "fast-producer", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "work/#", 2));
            sub.expect(Packet.SUBACK);
            for (int i = 1; i <= 5; i++) {
                pub.send(MqttBytes.publish(i % 2 == 0 ? 2 : 1, false, "work/q", i, props().bytes(), bytes("m" + i)));
            }
            Packet m1 = sub.expect(Packet.PUBLISH);
            Packet m2 = sub.expect(Packet.PUBLISH);
            assertThat(List.of(m1.payloadString(), m2.payloadString())).containsExactly("m1", "m2");
            sub.assertNoPacketWithin(Duration.ofMillis(300));

            sub.send(MqttBytes.puback(m1.packetId()));
            Packet m3 = sub.expect(Packet.PUBLISH);
            assertThat(m3.payloadString()).isEqualTo("m3");
            sub.assertNoPacketWithin(Duration.ofMillis(200));

            // QoS 2: the slot is freed by PUBCOMP, not by PUBREC
            sub.send(MqttBytes.pubrec(m2.packetId()));
            assertThat(sub.expect(Packet.PUBREL).packetId()).isEqualTo(m2.packetId());
            sub.assertNoPacketWithin(Duration.ofMillis(200));
            sub.send(MqttBytes.pubcomp(m2.packetId()));
            assertThat(sub.expect(Packet.PUBLISH).payloadString()).isEqualTo("m4");
        }
    }

    // ---------------------------------------------------------------- the broker's Receive Maximum

    @Test
    void connack_advertises_max_awaiting_rel_as_receive_maximum() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "rm-default", props())) {
            assertThat(c.connack().properties().number(PropertyIds.RECEIVE_MAXIMUM)).isEqualTo(100);
        }
        server.close();
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxAwaitingRel(3).build()).start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "rm-3", props())) {
            assertThat(c.connack().properties().number(PropertyIds.RECEIVE_MAXIMUM)).isEqualTo(3);
        }
    }

    @Test
    void more_qos2_messages_awaiting_pubrel_than_the_receive_maximum_is_disconnect_0x93() throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxAwaitingRel(2).build()).start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "rm-exceed", props())) {
            c.send(MqttBytes.publish(2, false, "q2", 1, props().bytes(), bytes("1")));
            c.send(MqttBytes.publish(2, false, "q2", 2, props().bytes(), bytes("2")));
            assertThat(c.expect(Packet.PUBREC).packetId()).isEqualTo(1);
            assertThat(c.expect(Packet.PUBREC).packetId()).isEqualTo(2);
            c.send(MqttBytes.publish(2, false, "q2", 3, props().bytes(), bytes("3")));
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED);
        }
    }

    @Test
    void pubrel_frees_a_receive_maximum_slot() throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxAwaitingRel(2).build()).start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "rm-within", props())) {
            for (int round = 0; round < 3; round++) {
                int a = 2 * round + 1;
                int b = a + 1;
                c.send(MqttBytes.publish(2, false, "q2", a, props().bytes(), bytes("a")));
                c.send(MqttBytes.publish(2, false, "q2", b, props().bytes(), bytes("b")));
                assertThat(c.expect(Packet.PUBREC).packetId()).isEqualTo(a);
                assertThat(c.expect(Packet.PUBREC).packetId()).isEqualTo(b);
                c.send(MqttBytes.pubrel(a), MqttBytes.pubrel(b));
                assertThat(c.expect(Packet.PUBCOMP).packetId()).isEqualTo(a);
                assertThat(c.expect(Packet.PUBCOMP).packetId()).isEqualTo(b);
            }
            // QoS 1 messages do not count: they are acknowledged at once
            for (int i = 1; i <= 5; i++) {
                c.send(MqttBytes.publish(1, false, "q1", 100 + i, props().bytes(), bytes("q1")));
            }
            for (int i = 1; i <= 5; i++) {
                assertThat(c.expect(Packet.PUBACK).packetId()).isEqualTo(100 + i);
            }
        }
    }

    @Test
    void hivemq_client_honours_the_advertised_receive_maximum_and_every_qos2_publish_succeeds()
            throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxAwaitingRel(2).build()).start();
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("hivemq-rm")
                .serverHost("127.0.0.1").serverPort(server.port()).buildAsync();
        Mqtt5ConnAck connack = client.connect().get(5, TimeUnit.SECONDS);
        assertThat(connack.getRestrictions().getReceiveMaximum()).isEqualTo(2);
        try {
            List<CompletableFuture<Mqtt5PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(client.publishWith().topic("burst").qos(MqttQos.EXACTLY_ONCE)
                        .payload(bytes("b" + i)).send());
            }
            for (CompletableFuture<Mqtt5PublishResult> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS).getError()).isEmpty();
            }
            assertThat(client.getState().isConnected()).isTrue();
        } finally {
            client.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
