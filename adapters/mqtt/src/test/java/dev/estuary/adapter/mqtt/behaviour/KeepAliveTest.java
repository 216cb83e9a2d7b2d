package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Disconnected;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.DisconnectReason;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keep alive (MQTT 5.0 §3.1.2.10, §4.13; 3.1.1 §3.1.2.10): a client silent for 1.5 x its keep alive is closed
 * (MQTT 5 with DISCONNECT 0x8D), packets keep it alive, the MQTT 5 Server Keep Alive overrides the client's
 * value, and a socket that never sends CONNECT is closed after {@code mqtt.idle_timeout}. Raw clients, because
 * real client libraries ping on their own.
 */
@Timeout(30)
class KeepAliveTest {
    private static final Duration ONE_AND_A_HALF_SECONDS = Duration.ofMillis(1500);

    private MqttTestServer server;
    private final BehaviourEventRecorder events = new BehaviourEventRecorder();

    private void start(BehaviourConfig config) {
        server = MqttTestServer.builder().mqtt(config.build()).start();
        server.broker().hooks().register(events);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    @Test
    void v5_client_silent_for_one_and_a_half_keep_alives_gets_disconnect_0x8d() {
        start(BehaviourConfig.mqtt());
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            long t0 = System.nanoTime();
            c.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "quiet").keepAlive(1).build());
            assertThat(BehaviourRawClient.reasonCode(c.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(ReasonCodes.KEEP_ALIVE_TIMEOUT);
            assertThat(since(t0)).isGreaterThanOrEqualTo(ONE_AND_A_HALF_SECONDS);
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.of(Disconnected.class))
                .containsExactly(new Disconnected("quiet", DisconnectReason.KEEPALIVE_TIMEOUT,
                        ReasonCodes.KEEP_ALIVE_TIMEOUT)));
        assertThat(server.broker().metrics().disconnects(DisconnectReason.KEEPALIVE_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void v3_client_silent_for_one_and_a_half_keep_alives_is_closed() {
        start(BehaviourConfig.mqtt());
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            long t0 = System.nanoTime();
            c.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_3_1_1, "quiet").keepAlive(1).build());
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
            assertThat(since(t0)).isGreaterThanOrEqualTo(ONE_AND_A_HALF_SECONDS);
            c.assertNoPacketWithin(Duration.ZERO);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> server.broker().metrics().disconnects(DisconnectReason.KEEPALIVE_TIMEOUT) == 1);
    }

    @Test
    void pings_keep_a_client_alive_beyond_one_and_a_half_keep_alives() {
        start(BehaviourConfig.mqtt());
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "pinger").keepAlive(1).build());
            for (int i = 0; i < 5; i++) {
                c.ping();
                c.expect(MqttMessageType.PINGRESP);
                c.assertNoPacketWithin(Duration.ofMillis(500));
            }
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void server_keep_alive_replaces_the_v5_clients_keep_alive_and_is_enforced() {
        start(BehaviourConfig.mqtt().serverKeepalive(1));
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            long t0 = System.nanoTime();
            MqttConnAckMessage ack = c.connect(
                    BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "slow").keepAlive(600).build());
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE).value())
                    .isEqualTo(1);
            assertThat(BehaviourRawClient.reasonCode(c.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(ReasonCodes.KEEP_ALIVE_TIMEOUT);
            assertThat(since(t0)).isGreaterThanOrEqualTo(ONE_AND_A_HALF_SECONDS);
        }
    }

    @Test
    void socket_that_never_sends_connect_is_closed_after_the_idle_timeout() {
        start(BehaviourConfig.mqtt().idleTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime(); // before the socket opens: the server's timer starts when it accepts
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
            assertThat(since(t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            c.assertNoPacketWithin(Duration.ZERO);
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> server.broker().metrics().disconnects(DisconnectReason.IDLE_TIMEOUT) == 1);
    }

    @Test
    void idle_timeout_does_not_close_a_connected_client() {
        start(BehaviourConfig.mqtt().idleTimeout(Duration.ofMillis(300)));
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_3_1_1, "c").keepAlive(0).build());
            c.assertNoPacketWithin(Duration.ofMillis(900));
            assertThat(c.isOpen()).isTrue();
        }
    }
}
