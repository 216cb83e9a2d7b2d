package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Received;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Will messages (MQTT 5.0 §3.1.2.5, §3.1.3.2, §3.14.2.1; 3.1.1 §3.1.2.5): published after a lost connection and
 * after DISCONNECT 0x04, not after a normal DISCONNECT, delayed by the MQTT 5 Will Delay Interval (and cancelled
 * by a reconnect to the session in time, brought forward by the session ending), and stored when retained.
 * The client with the will is a raw client, so that it can lose its connection without saying goodbye.
 */
@Timeout(30)
class WillTest {
    private MqttTestServer server;

    @BeforeEach
    void start() {
        server = MqttTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** CONNECT for "dev" with a QoS 1 will "gone" on "will/dev". */
    private static MqttMessageBuilders.ConnectBuilder withWill(MqttVersion v, boolean retain) {
        return BehaviourRawClient.connectPacket(v, "dev").willFlag(true).willTopic("will/dev")
                .willMessage("gone".getBytes(StandardCharsets.UTF_8)).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willRetain(retain);
    }

    /** MQTT 5 CONNECT with a will delayed by {@code delay} s and a session that expires after {@code expiry} s. */
    private static MqttConnectMessage delayedWill(long delay, long expiry) {
        MqttProperties willProps = new MqttProperties();
        willProps.add(new MqttProperties.IntegerProperty(MqttProperties.WILL_DELAY_INTERVAL, (int) delay));
        return withWill(MqttVersion.MQTT_5, false).cleanSession(false).willProperties(willProps)
                .properties(BehaviourRawClient.sessionExpiry(expiry)).build();
    }

    private BehaviourClient subscriber(Protocol p) throws Exception {
        return subscriber(p, Library.HIVEMQ);
    }

    private BehaviourClient subscriber(Protocol p, Library library) throws Exception {
        BehaviourClient sub = BehaviourClient.of(p, server, "sub").library(library).connect();
        sub.subscribe("will/#", 1);
        return sub;
    }

    @ForEachProtocol
    void will_is_published_when_the_connection_is_lost(Protocol p) throws Exception {
        try (BehaviourClient sub = subscriber(p, Library.PAHO);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(withWill(p.mqttVersion(), false).build());
            dev.drop();
            assertThat(sub.next()).extracting(Received::topic, Received::payload, Received::qos, Received::retain)
                    .containsExactly("will/dev", "gone", 1, false);
        }
    }

    @ForEachProtocol
    void will_is_published_when_keep_alive_expires(Protocol p) throws Exception {
        try (BehaviourClient sub = subscriber(p);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(withWill(p.mqttVersion(), false).keepAlive(1).build());
            assertThat(sub.next().payload()).isEqualTo("gone");
            dev.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
    }

    @ForEachProtocol
    void will_of_the_old_connection_is_published_on_takeover(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient dev = BehaviourClient.of(p, server, "dev").library(Library.PAHO)
                     .will("will/dev", "gone", 1, false).connect();
             BehaviourRawClient fresh = BehaviourRawClient.open(server.port())) {
            sub.subscribe("will/#", 1);
            fresh.connect(p.mqttVersion(), "dev", true, 0);
            assertThat(sub.next()).extracting(Received::topic, Received::payload).containsExactly("will/dev", "gone");
            dev.awaitLost();
        }
    }

    @Test
    void delayed_will_is_not_published_when_a_connection_without_clean_start_takes_the_session_over()
            throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port());
             BehaviourRawClient fresh = BehaviourRawClient.open(server.port())) {
            dev.connect(delayedWill(1, 60));
            assertThat(fresh.connect(MqttVersion.MQTT_5, "dev", false, 60).variableHeader().isSessionPresent())
                    .isTrue();
            dev.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
            sub.assertNoMessageWithin(Duration.ofMillis(1500));
        }
    }

    @Test
    void will_is_published_after_disconnect_with_reason_0x04() throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(withWill(MqttVersion.MQTT_5, false).build());
            dev.disconnect(ReasonCodes.DISCONNECT_WITH_WILL);
            assertThat(sub.next().payload()).isEqualTo("gone");
        }
    }

    @ForEachProtocol
    void will_is_not_published_after_a_normal_disconnect(Protocol p) throws Exception {
        try (BehaviourClient sub = subscriber(p);
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub");
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(withWill(p.mqttVersion(), false).build());
            dev.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("dev") == null);
            pub.publish("will/end", "end", 1, false);
            assertThat(sub.payloadsUntil("end")).containsExactly("end");
        }
    }

    @Test
    void will_is_not_published_when_a_session_ended_normally_later_expires() throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub");
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(delayedWill(0, 1));
            dev.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("dev") == null);
            pub.publish("will/end", "end", 1, false);
            assertThat(sub.payloadsUntil("end")).containsExactly("end");
        }
    }

    @Test
    void will_delay_interval_delays_the_will() throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(delayedWill(1, 60));
            long lostAt = System.nanoTime();
            dev.drop();
            assertThat(sub.next().payload()).isEqualTo("gone");
            assertThat(Duration.ofNanos(System.nanoTime() - lostAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void will_is_not_published_when_the_client_resumes_its_session_within_the_will_delay() throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port());
             BehaviourRawClient again = BehaviourRawClient.open(server.port())) {
            dev.connect(delayedWill(1, 60));
            dev.drop();
            assertThat(again.connect(MqttVersion.MQTT_5, "dev", false, 60).variableHeader().isSessionPresent())
                    .isTrue();
            sub.assertNoMessageWithin(Duration.ofMillis(1500));
        }
    }

    @Test
    void will_is_published_when_the_session_ends_before_the_will_delay() throws Exception {
        try (BehaviourClient sub = subscriber(Protocol.MQTT_5);
             BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(delayedWill(3600, 1));
            long lostAt = System.nanoTime();
            dev.drop();
            assertThat(sub.next().payload()).isEqualTo("gone");
            assertThat(Duration.ofNanos(System.nanoTime() - lostAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                    .isLessThan(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().sessions().get("dev") == null);
        }
    }

    @ForEachProtocol
    void retained_will_is_kept_as_the_retained_message_of_its_topic(Protocol p) throws Exception {
        try (BehaviourRawClient dev = BehaviourRawClient.open(server.port())) {
            dev.connect(withWill(p.mqttVersion(), true).build());
            dev.drop();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.broker().retained().get("will/dev") != null);
        try (BehaviourClient sub = subscriber(p)) {
            assertThat(sub.next()).extracting(Received::payload, Received::retain).containsExactly("gone", true);
        }
    }
}
