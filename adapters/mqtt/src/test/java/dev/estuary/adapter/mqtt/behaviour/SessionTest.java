package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Disconnected;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Refused;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Terminated;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.session.Session;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions (MQTT 5.0 §3.1.2.4, §3.1.2.11.2, §3.1.4, §4.1; 3.1.1 §3.1.2.4): clean session / clean start, resumed
 * persistent sessions with session present, session expiry, client-id takeover and server-assigned client ids.
 */
@Timeout(30)
class SessionTest {
    private MqttTestServer server;
    private final BehaviourEventRecorder events = new BehaviourEventRecorder();

    @BeforeEach
    void start() {
        server = MqttTestServer.start();
        server.broker().hooks().register(events);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BehaviourClient persistent(Protocol p, String id, Library lib) throws Exception {
        return BehaviourClient.of(p, server, id).library(lib).cleanStart(false).sessionExpiry(60).connect();
    }

    @ForEachProtocol
    void clean_start_discards_the_previous_session(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            try (BehaviourClient c = persistent(p, "c", Library.HIVEMQ)) {
                c.subscribe("t", 1);
                c.disconnect();
            }
            BehaviourAwait.offline(server, "c");
            pub.publish("t", "queued", 1, false);
            try (BehaviourClient c = BehaviourClient.of(p, server, "c").cleanStart(true).connect()) {
                assertThat(c.sessionPresent()).isFalse();
                c.subscribe("s", 1);
                pub.publish("t", "to-old-subscription", 1, false);
                pub.publish("s", "end", 1, false);

                assertThat(c.payloadsUntil("end")).containsExactly("end");
            }
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.SESSION_ENDED)).isEqualTo(1);
        assertThat(events.of(Terminated.class)).contains(new Terminated("c"));
    }

    @ForEachProtocol
    void persistent_session_resumes_subscriptions_and_queued_messages(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            try (BehaviourClient c = persistent(p, "c", Library.PAHO)) {
                assertThat(c.sessionPresent()).isFalse();
                c.subscribe("t/#", 1);
                c.disconnect();
            }
            BehaviourAwait.offline(server, "c");
            pub.publish("t/1", "m1", 1, false);
            pub.publish("t/2", "m2", 1, false);
            try (BehaviourClient c = persistent(p, "c", Library.PAHO)) {
                assertThat(c.sessionPresent()).isTrue();
                assertThat(c.payloadsUntil("m2")).containsExactly("m1", "m2");
                pub.publish("t/3", "live", 1, false);
                assertThat(c.next().payload()).isEqualTo("live");
            }
        }
    }

    @Test
    void session_ends_when_its_expiry_interval_passes_after_the_disconnect() throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_5, server, "c").cleanStart(false)
                    .sessionExpiry(1).connect()) {
                c.subscribe("t", 1);
                c.disconnect();
            }
            BehaviourAwait.offline(server, "c");
            assertThat(server.broker().sessions().get("c")).as("kept after the disconnect").isNotNull();
            pub.publish("t", "queued", 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("c") == null);

            try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_5, server, "c").cleanStart(false)
                    .sessionExpiry(1).connect()) {
                assertThat(c.sessionPresent()).isFalse();
                c.subscribe("s", 1);
                pub.publish("t", "to-expired-subscription", 1, false);
                pub.publish("s", "end", 1, false);
                assertThat(c.payloadsUntil("end")).containsExactly("end");
            }
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.SESSION_ENDED)).isEqualTo(1);
        assertThat(events.of(Terminated.class)).contains(new Terminated("c"));
    }

    @Test
    void session_expiry_set_in_disconnect_replaces_the_one_from_connect() throws Exception {
        try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_5, server, "c").cleanStart(false)
                .sessionExpiry(3600).connect()) {
            c.subscribe("t", 1);
            c.hive5().disconnectWith().sessionExpiryInterval(1).send().get(5, TimeUnit.SECONDS);
        }
        assertThat(server.broker().sessions().get("c")).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("c") == null);
    }

    @Test
    void session_expiry_zero_ends_the_session_with_the_connection() throws Exception {
        try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_5, server, "c").cleanStart(false)
                .sessionExpiry(0).connect()) {
            c.subscribe("t", 1);
            c.disconnect();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("c") == null);
        try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_5, server, "c").cleanStart(false)
                .sessionExpiry(0).connect()) {
            assertThat(c.sessionPresent()).isFalse();
        }
    }

    @ForEachProtocol
    void takeover_closes_the_old_connection_and_v5_gets_disconnect_0x8e(Protocol p) throws Exception {
        try (BehaviourClient old = BehaviourClient.of(p, server, "dup").library(Library.PAHO).connect();
             BehaviourClient fresh = BehaviourClient.connect(p, server, "dup")) {
            int reason = old.awaitLost();
            if (p.isV5()) {
                assertThat(reason).isEqualTo(ReasonCodes.SESSION_TAKEN_OVER);
            }
            assertThat(old.isConnected()).isFalse();

            fresh.subscribe("t", 1);
            fresh.publish("t", "still-works", 1, false);
            assertThat(fresh.next().payload()).isEqualTo("still-works");
        }
        assertThat(events.of(Disconnected.class)).contains(
                new Disconnected("dup", DisconnectReason.TAKEOVER, ReasonCodes.SESSION_TAKEN_OVER));
    }

    @Test
    void takeover_sends_disconnect_0x8e_on_the_wire_before_closing() throws Exception {
        try (BehaviourRawClient old = BehaviourRawClient.open(server.port());
             BehaviourRawClient fresh = BehaviourRawClient.open(server.port())) {
            old.connect(MqttVersion.MQTT_5, "dup", true, 0);
            fresh.connect(MqttVersion.MQTT_5, "dup", true, 0);
            assertThat(BehaviourRawClient.reasonCode(old.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(ReasonCodes.SESSION_TAKEN_OVER);
            old.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
            assertThat(fresh.isOpen()).isTrue();
        }
    }

    @ForEachProtocol
    void takeover_without_clean_start_resumes_the_session_of_the_old_connection(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub");
             BehaviourClient old = persistent(p, "dup", Library.HIVEMQ)) {
            old.subscribe("t", 1);
            try (BehaviourClient fresh = persistent(p, "dup", Library.HIVEMQ)) {
                assertThat(fresh.sessionPresent()).isTrue();
                old.awaitLost();
                pub.publish("t", "to-resumed-session", 1, false);
                assertThat(fresh.next().payload()).isEqualTo("to-resumed-session");
            }
        }
    }

    @Test
    void v5_empty_client_id_gets_an_assigned_client_identifier() throws Exception {
        Mqtt5BlockingClient a = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(server.port())
                .buildBlocking();
        Mqtt5BlockingClient b = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(server.port())
                .buildBlocking();
        try {
            Mqtt5ConnAck ackA = a.connect();
            Mqtt5ConnAck ackB = b.connect();
            String idA = ackA.getAssignedClientIdentifier().orElseThrow().toString();
            String idB = ackB.getAssignedClientIdentifier().orElseThrow().toString();
            assertThat(idA).isNotEmpty().isNotEqualTo(idB);
            assertThat(server.broker().sessions().get(idA)).isNotNull();
            assertThat(server.broker().sessions().get(idB)).isNotNull();
        } finally {
            a.disconnect();
            b.disconnect();
        }
    }

    @Test
    void v5_assigned_client_identifier_is_sent_in_connack() {
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            MqttConnAckMessage ack = c.connect(MqttVersion.MQTT_5, "", true, 0);
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            Object assigned = ack.variableHeader().properties()
                    .getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER).value();
            assertThat(server.broker().sessions().get((String) assigned)).isNotNull();
        }
    }

    @Test
    void v3_empty_client_id_with_clean_session_is_accepted_with_a_generated_id() throws Exception {
        try (BehaviourClient c = BehaviourClient.of(Protocol.MQTT_3_1_1, server, "").library(Library.PAHO)
                .connect()) {
            List<Session> sessions = List.copyOf(server.broker().sessions().all());
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).clientId()).isNotEmpty();
            c.subscribe("t", 1);
            c.publish("t", "works", 1, false);
            assertThat(c.next().payload()).isEqualTo("works");
        }
    }

    @Test
    void v3_empty_client_id_without_clean_session_is_refused_with_return_code_2() {
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            MqttConnAckMessage ack = c.connect(MqttVersion.MQTT_3_1_1, "", false, 0);
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(ack.variableHeader().isSessionPresent()).isFalse();
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
        assertThat(server.broker().sessions().size()).isZero();
        assertThat(events.of(Refused.class)).extracting(Refused::reasonCode)
                .containsExactly(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID);
    }
}
