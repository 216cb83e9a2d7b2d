package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topic aliases (MQTT 5.0 §3.3.2.3.4) in both directions. Client to broker: an alias set with a topic resolves
 * later empty-topic PUBLISHes; alias 0 or one above our Topic Alias Maximum is DISCONNECT 0x94; an alias that was
 * never set is a protocol error (0x82). Broker to client: when the client declares a Topic Alias Maximum the
 * broker assigns aliases, sends the topic once with the alias and then only the alias with an empty topic, and
 * never uses more aliases than allowed. The wire format is checked with the raw client, and
 * HiveMQ's client checks that a real client resolves what we send.
 */
@Timeout(30)
class TopicAliasTest {
    private static final int MAX_ALIAS = 10;
    private MqttTestServer server;

    @BeforeEach
    void start() {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxTopicAlias(MAX_ALIAS).build())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- client -> broker

    @Test
    void connack_advertises_max_topic_alias_as_topic_alias_maximum() throws Exception {
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "alias-advert", props())) {
            assertThat(c.connack().properties().number(PropertyIds.TOPIC_ALIAS_MAXIMUM)).isEqualTo(MAX_ALIAS);
        }
    }

    @Test
    void inbound_alias_set_with_a_topic_resolves_later_publishes_with_an_empty_topic() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "alias-sub", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "alias-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "sensors/#", 0));
            sub.expect(Packet.SUBACK);

            pub.send(MqttBytes.publish(1, false, "sensors/kitchen/temp", 1, props().topicAlias(3).bytes(),
                    bytes("21")));
            assertThat(pub.expect(Packet.PUBACK).reasonCode()).isZero();
            pub.send(MqttBytes.publish(1, false, "", 2, props().topicAlias(3).bytes(), bytes("22")));
            assertThat(pub.expect(Packet.PUBACK).reasonCode()).isZero();
            // the client may point an alias at another topic
            pub.send(MqttBytes.publish(0, false, "sensors/hall/temp", 0, props().topicAlias(3).bytes(),
                    bytes("19")));
            pub.send(MqttBytes.publish(0, false, "", 0, props().topicAlias(3).bytes(), bytes("18")));

            assertThat(received(sub, 4)).containsExactly("sensors/kitchen/temp=21", "sensors/kitchen/temp=22",
                    "sensors/hall/temp=19", "sensors/hall/temp=18");
        }
    }

    @Test
    void inbound_alias_0_is_disconnected_with_0x94() throws Exception {
        assertAliasRefused(0, "a/b", ReasonCodes.TOPIC_ALIAS_INVALID);
    }

    @Test
    void inbound_alias_above_the_maximum_is_disconnected_with_0x94() throws Exception {
        assertAliasRefused(MAX_ALIAS + 1, "a/b", ReasonCodes.TOPIC_ALIAS_INVALID);
    }

    @Test
    void inbound_alias_at_the_maximum_is_accepted() throws Exception {
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "alias-max", props())) {
            pub.send(MqttBytes.publish(1, false, "a/b", 1, props().topicAlias(MAX_ALIAS).bytes(), bytes("x")));
            pub.send(MqttBytes.publish(1, false, "", 2, props().topicAlias(MAX_ALIAS).bytes(), bytes("x")));
            assertThat(pub.expect(Packet.PUBACK).packetId()).isEqualTo(1);
            assertThat(pub.expect(Packet.PUBACK).packetId()).isEqualTo(2);
        }
    }

    @Test
    void empty_topic_with_an_alias_never_set_is_a_protocol_error() throws Exception {
        assertAliasRefused(4, "", ReasonCodes.PROTOCOL_ERROR);
    }

    /** MQTT 5.0 §3.3.2.1: "It is a Protocol Error if the Topic Name is zero length and there is no Topic Alias". */
    @Test
    void empty_topic_without_an_alias_is_a_protocol_error() throws Exception {
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "no-alias", props())) {
            pub.send(MqttBytes.publish(0, false, "", 0, props().bytes(), bytes("x")));
            List<Packet> last = pub.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void any_inbound_alias_is_invalid_when_max_topic_alias_is_0() throws Exception {
        server.close();
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxTopicAlias(0).build()).start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "alias-off", props())) {
            assertThat(c.connack().properties().has(PropertyIds.TOPIC_ALIAS_MAXIMUM))
                    .as("absent means 0 (MQTT 5.0 §3.2.2.3.8)").isFalse();
        }
        assertAliasRefused(1, "a/b", ReasonCodes.TOPIC_ALIAS_INVALID);
    }

    private void assertAliasRefused(int alias, String topic, int reasonCode) throws Exception {
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "alias-bad", props())) {
            pub.send(MqttBytes.publish(1, false, topic, 1, props().topicAlias(alias).bytes(), bytes("x")));
            List<Packet> last = pub.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(reasonCode);
        }
    }

    // ---------------------------------------------------------------- broker -> client

    @Test
    void broker_sends_the_topic_once_with_an_alias_then_only_the_alias_within_the_clients_maximum()
            throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "out-alias",
                props().topicAliasMaximum(2));
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "out-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "t/#", 0));
            sub.expect(Packet.SUBACK);
            for (String topic : List.of("t/one", "t/one", "t/two", "t/two", "t/three", "t/three", "t/one")) {
                pub.send(MqttBytes.publish(0, false, topic, 0, props().bytes(), bytes(topic)));
            }
            Packet one = sub.expect(Packet.PUBLISH);
            assertThat(one.topic()).isEqualTo("t/one");
            long aliasOne = one.properties().number(PropertyIds.TOPIC_ALIAS);
            assertThat(aliasOne).isBetween(1L, 2L);
            Packet oneAgain = sub.expect(Packet.PUBLISH);
            assertThat(oneAgain.topic()).as("topic replaced by the alias").isEmpty();
            assertThat(oneAgain.properties().number(PropertyIds.TOPIC_ALIAS)).isEqualTo(aliasOne);
            assertThat(oneAgain.payloadString()).isEqualTo("t/one");

            Packet two = sub.expect(Packet.PUBLISH);
            assertThat(two.topic()).isEqualTo("t/two");
            long aliasTwo = two.properties().number(PropertyIds.TOPIC_ALIAS);
            assertThat(aliasTwo).isBetween(1L, 2L).isNotEqualTo(aliasOne);
            Packet twoAgain = sub.expect(Packet.PUBLISH);
            assertThat(twoAgain.topic()).isEmpty();
            assertThat(twoAgain.properties().number(PropertyIds.TOPIC_ALIAS)).isEqualTo(aliasTwo);

            for (int i = 0; i < 2; i++) {
                Packet three = sub.expect(Packet.PUBLISH);
                assertThat(three.topic()).as("no alias left: the full topic every time").isEqualTo("t/three");
                long alias = three.properties().number(PropertyIds.TOPIC_ALIAS);
                assertThat(alias == -1 || alias <= 2).as("alias within the client's maximum").isTrue();
            }
            Packet oneLast = sub.expect(Packet.PUBLISH);
            assertThat(oneLast.properties().number(PropertyIds.TOPIC_ALIAS)).isEqualTo(aliasOne);
            assertThat(oneLast.payloadString()).isEqualTo("t/one");
        }
    }

    @Test
    void broker_uses_no_alias_when_the_client_declares_no_topic_alias_maximum() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "out-none", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "out-pub2", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "t/#", 0));
            sub.expect(Packet.SUBACK);
            pub.send(MqttBytes.publish(0, false, "t/a", 0, props().bytes(), bytes("1")));
            pub.send(MqttBytes.publish(0, false, "t/a", 0, props().bytes(), bytes("2")));
            for (int i = 0; i < 2; i++) {
                Packet p = sub.expect(Packet.PUBLISH);
                assertThat(p.topic()).isEqualTo("t/a");
                assertThat(p.properties().has(PropertyIds.TOPIC_ALIAS)).isFalse();
            }
        }
    }

    /**
     * HiveMQ's client with a Topic Alias Maximum resolves what we send. (Paho mqttv5 1.2.5 cannot be used: its
     * message listeners match the empty topic of an aliased PUBLISH and it drops the connection.)
     */
    @Test
    void hivemq_client_with_a_topic_alias_maximum_resolves_the_aliases_the_broker_sends() throws Exception {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("hivemq-alias")
                .serverHost("127.0.0.1").serverPort(server.port()).buildBlocking();
        Mqtt5ConnAck connack = client.connectWith().restrictions().topicAliasMaximum(5).applyRestrictions().send();
        assertThat(connack.getRestrictions().getTopicAliasMaximum()).isEqualTo(MAX_ALIAS);
        try (Mqtt5BlockingClient.Mqtt5Publishes got = client.publishes(MqttGlobalPublishFilter.ALL);
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "hivemq-alias-pub", props());
             RawMqttConnection spy = RawMqttConnection.connect5(server.port(), "hivemq-alias-spy",
                     props().topicAliasMaximum(5))) {
            client.subscribeWith().topicFilter("room/+/light").qos(MqttQos.AT_LEAST_ONCE).send();
            spy.send(MqttBytes.subscribe(1, props().bytes(), "room/+/light", 1));
            spy.expect(Packet.SUBACK);
            for (int i = 0; i < 3; i++) {
                pub.send(MqttBytes.publish(1, false, "room/a/light", 2 * i + 1, props().bytes(), bytes("a" + i)));
                pub.send(MqttBytes.publish(1, false, "room/b/light", 2 * i + 2, props().bytes(), bytes("b" + i)));
            }
            for (int i = 0; i < 3; i++) {
                for (String room : List.of("a", "b")) {
                    Mqtt5Publish p = got.receive(5, TimeUnit.SECONDS).orElseThrow();
                    assertThat(p.getTopic().toString() + "=" + new String(p.getPayloadAsBytes(),
                            StandardCharsets.UTF_8)).isEqualTo("room/" + room + "/light=" + room + i);
                    // a raw client with the same maximum shows that aliases were really on the wire
                    Packet raw = spy.expect(Packet.PUBLISH);
                    assertThat(raw.topic()).isEqualTo(i == 0 ? "room/" + room + "/light" : "");
                    assertThat(raw.properties().has(PropertyIds.TOPIC_ALIAS)).isTrue();
                    spy.send(MqttBytes.puback(raw.packetId()));
                }
            }
        } finally {
            client.disconnect();
        }
    }

    private static List<String> received(RawMqttConnection sub, int n) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Packet p = sub.expect(Packet.PUBLISH);
            out.add(p.topic() + "=" + p.payloadString());
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
