package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.bytes;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.concat;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.Authorizer;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reason codes and reason strings (MQTT 5.0 §2.4, §3.4.2.1, §3.9.3, §3.11.3) on negative acknowledgements:
 * PUBACK/PUBREC 0x10 and 0x87 (a test {@link Authorizer} denies), SUBACK 0x87, 0x8F, 0xA2, 0x9E, UNSUBACK 0x11,
 * the Reason String that explains a refusal (left out when the client asks for no problem information or when
 * it would exceed the client's Maximum Packet Size), their MQTT 3.1.1 equivalents, and the DISCONNECT the
 * server sends when an operator kicks a client.
 */
@Timeout(30)
class ReasonCodeTest {
    /** Denies publishing under {@code forbidden/} and subscribing under {@code secret/}. */
    private static final Authorizer AUTHORIZER = client -> new ClientAuthorizer() {
        @Override
        public boolean canPublish(String topic) {
            return !topic.startsWith("forbidden/");
        }

        @Override
        public boolean canSubscribe(String filter) {
            return !filter.startsWith("secret/");
        }

        @Override
        public boolean canReceive(String topic) {
            return true;
        }
    };

    private MqttTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(MqttConfigOverrides config) {
        server = MqttTestServer.builder().mqtt(config.build()).broker(b -> b.authorizer(AUTHORIZER)).start();
    }

    // ---------------------------------------------------------------- PUBACK / PUBREC

    @Test
    void hivemq_client_gets_puback_0x10_without_subscribers_and_0x87_with_a_reason_string_when_denied()
            throws Exception {
        start(MqttConfigOverrides.defaults());
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("hivemq-acks")
                .serverHost("127.0.0.1").serverPort(server.port()).buildAsync();
        client.connect().get(5, TimeUnit.SECONDS);
        try {
            Mqtt5PubAck nobody = pubAck(client, "nobody/listens");
            assertThat(nobody.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);

            Mqtt5PubAck denied = pubAck(client, "forbidden/x");
            assertThat(denied.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(denied.getReasonString().map(Object::toString))
                    .contains("not authorized to publish to forbidden/x");
        } finally {
            client.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    /** The PUBACK, whether HiveMQ completes normally (success codes) or with Mqtt5PubAckException (errors). */
    private static Mqtt5PubAck pubAck(Mqtt5AsyncClient client, String topic) throws Exception {
        try {
            Mqtt5PublishResult r = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send().get(5, TimeUnit.SECONDS);
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Mqtt5PubAckException) {
                return ((Mqtt5PubAckException) e.getCause()).getMqttMessage();
            }
            throw e;
        }
    }

    @Test
    void denied_publish_gets_puback_and_pubrec_0x87_and_reaches_nobody() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "all-sub", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "denied-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "#", 1));
            sub.expect(Packet.SUBACK);

            pub.send(MqttBytes.publish(1, false, "forbidden/a", 1, props().bytes(), payload("q1")));
            Packet puback = pub.expect(Packet.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
            assertThat(puback.properties().string(PropertyIds.REASON_STRING))
                    .isEqualTo("not authorized to publish to forbidden/a");

            pub.send(MqttBytes.publish(2, false, "forbidden/a", 2, props().bytes(), payload("q2")));
            Packet pubrec = pub.expect(Packet.PUBREC);
            assertThat(pubrec.reasonCode()).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
            assertThat(pubrec.properties().string(PropertyIds.REASON_STRING)).contains("forbidden/a");

            pub.send(MqttBytes.publish(1, false, "allowed/a", 3, props().bytes(), payload("ok")));
            assertThat(pub.expect(Packet.PUBACK).reasonCode()).isEqualTo(ReasonCodes.SUCCESS);
            assertThat(sub.expect(Packet.PUBLISH).payloadString()).as("the denied ones were not routed")
                    .isEqualTo("ok");
        }
    }

    @Test
    void successful_and_no_subscriber_acks_carry_no_reason_string() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "quiet-acks", props())) {
            pub.send(MqttBytes.publish(1, false, "nobody/here", 1, props().bytes(), payload("x")));
            Packet puback = pub.expect(Packet.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);
            assertThat(puback.properties().has(PropertyIds.REASON_STRING)).isFalse();
        }
    }

    @Test
    void mqtt311_denied_publish_is_acknowledged_plainly_and_not_routed() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection sub = RawMqttConnection.connect311(server.port(), "all-sub-3");
             RawMqttConnection pub = RawMqttConnection.connect311(server.port(), "denied-pub-3")) {
            sub.send(MqttBytes.subscribe(1, null, "#", 1));
            sub.expect(Packet.SUBACK);
            pub.send(MqttBytes.publish(1, false, "forbidden/a", 1, null, payload("no")));
            Packet puback = pub.expect(Packet.PUBACK);
            assertThat(puback.body()).as("MQTT 3.1.1 PUBACK: just the packet id").hasSize(2);
            pub.send(MqttBytes.publish(1, false, "allowed/a", 2, null, payload("yes")));
            pub.expect(Packet.PUBACK);
            assertThat(sub.expect(Packet.PUBLISH).payloadString()).isEqualTo("yes");
        }
    }

    // ---------------------------------------------------------------- SUBACK / UNSUBACK

    @Test
    void suback_carries_one_reason_code_per_filter_and_a_reason_string_naming_the_refused_ones()
            throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "suback-mixed", props())) {
            c.send(MqttBytes.packet(0x82, concat(
                    bytes(0, 9), props().bytes(),   // packet id 9, no properties
                    utf8("ok/+"), bytes(2),         // granted QoS 2
                    utf8("a/#/b"), bytes(1),        // '#' not last: 0x8F
                    utf8("secret/x"), bytes(1),     // authorizer says no: 0x87
                    utf8("$share/g+/x"), bytes(1),  // wildcard in the share name: 0x8F
                    utf8("ok/exact"), bytes(0))));  // granted QoS 0
            Packet suback = c.expect(Packet.SUBACK);
            assertThat(suback.packetId()).isEqualTo(9);
            assertThat(suback.reasonCodes()).containsExactly(2, ReasonCodes.TOPIC_FILTER_INVALID,
                    ReasonCodes.NOT_AUTHORIZED, ReasonCodes.TOPIC_FILTER_INVALID, 0);
            assertThat(suback.properties().string(PropertyIds.REASON_STRING))
                    .contains("a/#/b", "secret/x", "$share/g+/x", "0x8F", "0x87")
                    .doesNotContain("ok/");
        }
    }

    @Test
    void suback_0xA2_when_wildcard_subscriptions_are_off_and_connack_says_so() throws Exception {
        start(MqttConfigOverrides.defaults().wildcardSubscription(false));
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "no-wildcards", props())) {
            assertThat(c.connack().properties().number(PropertyIds.WILDCARD_SUBSCRIPTION_AVAILABLE)).isZero();
            c.send(MqttBytes.subscribe(1, props().bytes(), "a/+", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes())
                    .containsExactly(ReasonCodes.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED);
            c.send(MqttBytes.subscribe(2, props().bytes(), "#", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes())
                    .containsExactly(ReasonCodes.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED);
            c.send(MqttBytes.subscribe(3, props().bytes(), "a/b", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).containsExactly(1);
        }
    }

    @Test
    void suback_0x9E_when_shared_subscriptions_are_off_and_connack_says_so() throws Exception {
        start(MqttConfigOverrides.defaults().sharedSubscription(false));
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "no-shared", props())) {
            assertThat(c.connack().properties().number(PropertyIds.SHARED_SUBSCRIPTION_AVAILABLE)).isZero();
            c.send(MqttBytes.subscribe(1, props().bytes(), "$share/g/a", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes())
                    .containsExactly(ReasonCodes.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
            c.send(MqttBytes.subscribe(2, props().bytes(), "$queue/a", 1));
            assertThat(c.expect(Packet.SUBACK).reasonCodes())
                    .containsExactly(ReasonCodes.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
        }
    }

    @Test
    void unsuback_0x11_for_a_filter_that_was_not_subscribed() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "unsub", props())) {
            c.send(MqttBytes.subscribe(1, props().bytes(), "here/#", 1));
            c.expect(Packet.SUBACK);
            c.send(MqttBytes.packet(0xA2, concat(bytes(0, 2), props().bytes(), utf8("here/#"), utf8("never/#"))));
            Packet unsuback = c.expect(Packet.UNSUBACK);
            assertThat(unsuback.packetId()).isEqualTo(2);
            assertThat(unsuback.reasonCodes()).containsExactly(ReasonCodes.SUCCESS,
                    ReasonCodes.NO_SUBSCRIPTION_EXISTED);
        }
    }

    // ---------------------------------------------------------------- when reason strings are left out

    @Test
    void request_problem_information_0_leaves_reason_strings_out_of_acks() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "no-problem-info",
                props().byteProp(PropertyIds.REQUEST_PROBLEM_INFORMATION, 0))) {
            c.send(MqttBytes.publish(1, false, "forbidden/a", 1, props().bytes(), payload("x")));
            Packet puback = c.expect(Packet.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
            assertThat(puback.properties().has(PropertyIds.REASON_STRING)).isFalse();
            c.send(MqttBytes.subscribe(2, props().bytes(), "secret/x", 1));
            Packet suback = c.expect(Packet.SUBACK);
            assertThat(suback.reasonCodes()).containsExactly(ReasonCodes.NOT_AUTHORIZED);
            assertThat(suback.properties().has(PropertyIds.REASON_STRING)).isFalse();
        }
    }

    @Test
    void reason_string_is_left_out_when_it_would_exceed_the_clients_maximum_packet_size() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "tiny-packets",
                props().maximumPacketSize(24))) {
            c.send(MqttBytes.publish(1, false, "forbidden/a", 1, props().bytes(), payload("x")));
            Packet puback = c.expect(Packet.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
            assertThat(puback.properties().has(PropertyIds.REASON_STRING)).isFalse();
        }
    }

    // ---------------------------------------------------------------- server-sent DISCONNECT

    @Test
    void kicked_mqtt5_client_gets_disconnect_with_reason_code_and_reason_string() throws Exception {
        start(MqttConfigOverrides.defaults());
        CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
        org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), "to-be-kicked", new MemoryPersistence());
        paho.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        paho.connect(new MqttConnectionOptions());
        try {
            Session s = server.broker().sessions().get("to-be-kicked");
            s.kick(Disconnect.of(DisconnectReason.KICKED, ReasonCodes.ADMINISTRATIVE_ACTION,
                    "kicked by the operator"));
            MqttDisconnectResponse r = disconnected.get(5, TimeUnit.SECONDS);
            assertThat(r.getReturnCode()).isEqualTo(ReasonCodes.ADMINISTRATIVE_ACTION);
            assertThat(r.getReasonString()).isEqualTo("kicked by the operator");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !s.isOnline()
                    && server.broker().metrics().disconnects(DisconnectReason.KICKED) == 1);
        } finally {
            paho.close(true);
        }
    }

    @Test
    void kicked_mqtt311_client_is_closed_without_a_disconnect_packet() throws Exception {
        start(MqttConfigOverrides.defaults());
        try (RawMqttConnection c = RawMqttConnection.connect311(server.port(), "kick-3")) {
            server.broker().sessions().get("kick-3").kick(Disconnect.of(DisconnectReason.KICKED,
                    ReasonCodes.ADMINISTRATIVE_ACTION, "kicked by the operator"));
            assertThat(c.awaitClosed()).isEmpty();
        }
    }

    private static byte[] payload(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
