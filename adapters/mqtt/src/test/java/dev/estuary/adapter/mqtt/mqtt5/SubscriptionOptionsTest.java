package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscription identifiers (MQTT 5.0 §3.8.2.1.2, §3.3.4: one copy per client with every matching identifier) and
 * No Local (§3.8.3.1), with the raw client for the wire format and Paho for No Local as a real client uses it.
 */
@Timeout(30)
class SubscriptionOptionsTest {
    private MqttTestServer server;

    @BeforeEach
    void start() {
        server = MqttTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- subscription identifiers

    @Test
    void message_carries_the_subscription_identifier_of_the_matching_subscription() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sid-one", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "sid-pub", props())) {
            assertThat(sub.connack().properties().has(PropertyIds.SUBSCRIPTION_IDENTIFIER_AVAILABLE))
                    .as("absent means available").isFalse();
            sub.send(MqttBytes.subscribe(1, props().subscriptionId(268_435_455).bytes(), "sid/#", 1));
            sub.expect(Packet.SUBACK);
            pub.send(MqttBytes.publish5("sid/a", "x"));
            Packet p = sub.expect(Packet.PUBLISH);
            assertThat(p.properties().all(PropertyIds.SUBSCRIPTION_IDENTIFIER)).containsExactly(268_435_455);
        }
    }

    @Test
    void overlapping_subscriptions_give_one_copy_with_every_matching_identifier() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sid-many", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "sid-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().subscriptionId(5).bytes(), "home/+/temp", 0));
            sub.expect(Packet.SUBACK);
            sub.send(MqttBytes.subscribe(2, props().subscriptionId(9).bytes(), "home/#", 1));
            sub.expect(Packet.SUBACK);
            sub.send(MqttBytes.subscribe(3, props().bytes(), "home/kitchen/temp", 0)); // no identifier
            sub.expect(Packet.SUBACK);

            pub.send(MqttBytes.publish(1, false, "home/kitchen/temp", 1, props().bytes(), bytes("21")));
            pub.expect(Packet.PUBACK);
            pub.send(MqttBytes.publish(1, false, "home/hall/door", 2, props().bytes(), bytes("open")));
            pub.expect(Packet.PUBACK);

            Packet first = sub.expect(Packet.PUBLISH);
            assertThat(first.payloadString()).isEqualTo("21");
            assertThat(first.qos()).as("the highest granted QoS of the matches").isEqualTo(1);
            assertThat(first.properties().all(PropertyIds.SUBSCRIPTION_IDENTIFIER)).containsExactlyInAnyOrder(5, 9);
            sub.send(MqttBytes.puback(first.packetId()));
            Packet second = sub.expect(Packet.PUBLISH);
            assertThat(second.payloadString()).as("one copy only of the first message").isEqualTo("open");
            assertThat(second.properties().all(PropertyIds.SUBSCRIPTION_IDENTIFIER)).containsExactly(9);
        }
    }

    @Test
    void resubscribing_without_an_identifier_removes_it() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sid-replace", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "sid-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().subscriptionId(7).bytes(), "r/#", 0));
            sub.expect(Packet.SUBACK);
            sub.send(MqttBytes.subscribe(2, props().bytes(), "r/#", 0));
            sub.expect(Packet.SUBACK);
            pub.send(MqttBytes.publish5("r/x", "x"));
            assertThat(sub.expect(Packet.PUBLISH).properties().has(PropertyIds.SUBSCRIPTION_IDENTIFIER)).isFalse();
        }
    }

    @Test
    void retained_message_sent_on_subscribe_carries_the_identifier() throws Exception {
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "sid-ret-pub", props())) {
            pub.send(MqttBytes.publish(1, true, "state/lamp", 1, props().bytes(), bytes("on")));
            pub.expect(Packet.PUBACK);
        }
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sid-ret", props())) {
            sub.send(MqttBytes.subscribe(1, props().subscriptionId(77).bytes(), "state/#", 1));
            sub.expect(Packet.SUBACK);
            Packet p = sub.expect(Packet.PUBLISH);
            assertThat(p.retain()).isTrue();
            assertThat(p.properties().all(PropertyIds.SUBSCRIPTION_IDENTIFIER)).containsExactly(77);
        }
    }

    @Test
    void subscription_identifier_0_is_a_protocol_error() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sid-zero", props())) {
            sub.send(MqttBytes.subscribe(1, props().subscriptionId(0).bytes(), "z/#", 0));
            List<Packet> last = sub.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void publish_from_a_client_with_a_subscription_identifier_is_a_protocol_error() throws Exception {
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "sid-in-publish", props())) {
            pub.send(MqttBytes.publish(0, false, "a", 0, props().subscriptionId(3).bytes(), bytes("x")));
            List<Packet> last = pub.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR);
        }
    }

    // ---------------------------------------------------------------- No Local

    /**
     * The client publishes its own message and waits for PUBACK (by then the broker has routed it), then another
     * client publishes. Sessions deliver in routing order, so if the first message that arrives is the other
     * client's, the own one was never sent.
     */
    @Test
    void no_local_subscription_does_not_receive_the_clients_own_messages() throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
        MqttClient self = paho("no-local-self");
        MqttClient other = paho("no-local-other");
        try {
            MqttSubscription s = new MqttSubscription("chat/#", 1);
            s.setNoLocal(true);
            self.subscribe(new MqttSubscription[] {s}, new IMqttMessageListener[] {(t, m) -> got.add(text(m))});
            self.publish("chat/room", message("own"));
            other.publish("chat/room", message("other"));
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("other");
        } finally {
            close(self);
            close(other);
        }
    }

    @Test
    void without_no_local_a_client_receives_its_own_messages() throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
        MqttClient self = paho("echo-self");
        try {
            self.subscribe(new MqttSubscription[] {new MqttSubscription("chat/#", 1)},
                    new IMqttMessageListener[] {(t, m) -> got.add(text(m))});
            self.publish("chat/room", message("own"));
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("own");
        } finally {
            close(self);
        }
    }

    @Test
    void no_local_bit_from_an_mqtt311_client_is_a_protocol_violation() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect311(server.port(), "no-local-3")) {
            c.send(MqttBytes.subscribe(1, null, "a/#", 0x04 | 1)); // bit 2 is reserved in MQTT 3.1.1
            assertThat(c.awaitClosed()).isEmpty();
        }
    }

    private MqttClient paho(String id) throws Exception {
        MqttClient c = new MqttClient(server.uri(), id, new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        return c;
    }

    private static void close(MqttClient c) throws Exception {
        if (c.isConnected()) {
            c.disconnect();
        }
        c.close();
    }

    private static MqttMessage message(String s) {
        MqttMessage m = new MqttMessage(bytes(s));
        m.setQos(1);
        return m;
    }

    private static String text(MqttMessage m) {
        return new String(m.getPayload(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
