package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Acked;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Connected;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Delivered;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Disconnected;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Dropped;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Event;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Published;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Subscribed;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Unsubscribed;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker hooks ({@code BrokerEvents} registered on {@code broker.hooks()}) seen from real connections: client
 * connected / disconnected with the right {@link DisconnectReason}, subscribed / unsubscribed, and message
 * published / delivered / acknowledged / dropped with its reason. Takeover, keep-alive and queue drops are
 * checked in their own behaviour tests.
 */
@Timeout(30)
class HooksTest {
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

    private void awaitEvent(Event e) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.all()).contains(e));
    }

    @ForEachProtocol
    void normal_disconnect_is_reported_with_reason_normal(Protocol p) throws Exception {
        try (BehaviourClient c = BehaviourClient.connect(p, server, "c")) {
            assertThat(events.all()).contains(new Connected("c", false));
            c.disconnect();
        }
        awaitEvent(new Disconnected("c", DisconnectReason.NORMAL, 0));
    }

    @Test
    void disconnect_with_will_is_reported_with_its_reason_code() {
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(MqttVersion.MQTT_5, "c", true, 0);
            c.disconnect(ReasonCodes.DISCONNECT_WITH_WILL);
        }
        awaitEvent(new Disconnected("c", DisconnectReason.CLIENT_DISCONNECT_WITH_ERROR,
                ReasonCodes.DISCONNECT_WITH_WILL));
    }

    @ForEachProtocol
    void lost_connection_is_reported_as_closed_by_client(Protocol p) {
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(p.mqttVersion(), "c", true, 0);
            c.drop();
        }
        awaitEvent(new Disconnected("c", DisconnectReason.CLOSED_BY_CLIENT, -1));
    }

    @Test
    void server_shutdown_sends_disconnect_0x8b_and_is_reported_as_server_shutdown() {
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(MqttVersion.MQTT_5, "c", true, 0);
            server.close();
            assertThat(BehaviourRawClient.reasonCode(c.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(ReasonCodes.SERVER_SHUTTING_DOWN);
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
        awaitEvent(new Disconnected("c", DisconnectReason.SERVER_SHUTDOWN, ReasonCodes.SERVER_SHUTTING_DOWN));
    }

    @ForEachProtocol
    void resumed_session_is_reported_as_connected_with_session_present(Protocol p) throws Exception {
        for (int i = 0; i < 2; i++) {
            try (BehaviourClient c = BehaviourClient.of(p, server, "c").cleanStart(false).sessionExpiry(60)
                    .connect()) {
                c.disconnect();
            }
        }
        assertThat(events.of(Connected.class)).containsExactly(new Connected("c", false), new Connected("c", true));
    }

    @ForEachProtocol
    void subscribe_and_unsubscribe_are_reported_with_topic_and_granted_qos(Protocol p) throws Exception {
        try (BehaviourClient c = BehaviourClient.connect(p, server, "c")) {
            c.subscribe("a/+", 1);
            c.subscribe("b/#", 2);
            c.unsubscribe("a/+");
        }
        assertThat(events.of(Subscribed.class)).containsExactly(new Subscribed("c", "a/+", 1),
                new Subscribed("c", "b/#", 2));
        assertThat(events.of(Unsubscribed.class)).containsExactly(new Unsubscribed("c", "a/+"));
    }

    @ForEachProtocol
    void qos1_message_is_reported_published_then_delivered_then_acknowledged(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("t", 1);
            pub.publish("t", "m", 1, false);
            assertThat(sub.next().payload()).isEqualTo("m");
            awaitEvent(new Acked("sub", "t", "m"));
        }
        List<Event> flow = events.all().stream()
                .filter(e -> e instanceof Published || e instanceof Delivered || e instanceof Acked).toList();
        assertThat(flow).containsExactly(new Published("pub", "t", "m"), new Delivered("sub", "t", "m", 1),
                new Acked("sub", "t", "m"));
    }

    @ForEachProtocol
    void qos0_message_is_reported_delivered_and_never_acknowledged(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("t", 1);
            pub.publish("t", "q0", 0, false);
            pub.publish("t", "end", 1, false);
            assertThat(sub.payloadsUntil("end")).containsExactly("q0", "end");
            awaitEvent(new Acked("sub", "t", "end"));
        }
        assertThat(events.of(Delivered.class)).contains(new Delivered("sub", "t", "q0", 0));
        assertThat(events.of(Acked.class)).containsExactly(new Acked("sub", "t", "end"));
    }

    @ForEachProtocol
    void message_without_subscribers_is_reported_dropped_with_no_subscribers(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("nobody/listens", "lost", 1, false);
        }
        awaitEvent(new Dropped(null, "nobody/listens", "lost", DropReason.NO_SUBSCRIBERS));
        assertThat(server.broker().metrics().droppedCount(DropReason.NO_SUBSCRIBERS)).isEqualTo(1);
    }
}
