package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Dropped;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.hooks.DropReason;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The offline queue ("mqueue") of a persistent session: {@code mqueue.max_len} with the oldest message dropped
 * first, QoS 0 queued only with {@code mqueue.store_qos0}, and every drop counted in the broker metrics and
 * reported through the {@code messageDropped} hook with its reason.
 */
@Timeout(30)
class OfflineQueueTest {
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

    /** Connects "sub" with a persistent session subscribed to "q/#" at {@code qos}, then disconnects it. */
    private void offlineSubscriber(Protocol p, int qos) throws Exception {
        try (BehaviourClient sub = reconnect(p)) {
            sub.subscribe("q/#", qos);
            sub.disconnect();
        }
        BehaviourAwait.offline(server, "sub");
    }

    private BehaviourClient reconnect(Protocol p) throws Exception {
        return BehaviourClient.of(p, server, "sub").cleanStart(false).sessionExpiry(60).connect();
    }

    @ForEachProtocol
    void full_queue_drops_the_oldest_message_and_counts_it(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt().mqueueMaxLen(5));
        offlineSubscriber(p, 1);
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            for (int i = 1; i <= 8; i++) {
                pub.publish("q/" + i, "m" + i, 1, false);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.broker().metrics().droppedCount(DropReason.QUEUE_FULL) == 3);
            try (BehaviourClient sub = reconnect(p)) {
                assertThat(sub.sessionPresent()).isTrue();
                pub.publish("q/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("m4", "m5", "m6", "m7", "m8", "end");
            }
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.QUEUE_FULL)).isEqualTo(3);
        assertThat(events.of(Dropped.class)).containsExactly(
                new Dropped("sub", "q/1", "m1", DropReason.QUEUE_FULL),
                new Dropped("sub", "q/2", "m2", DropReason.QUEUE_FULL),
                new Dropped("sub", "q/3", "m3", DropReason.QUEUE_FULL));
    }

    @ForEachProtocol
    void qos0_messages_are_not_queued_for_an_offline_session_by_default(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        offlineSubscriber(p, 1);
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("q/a", "qos0-a", 0, false);
            pub.publish("q/b", "qos1", 1, false);
            pub.publish("q/c", "qos0-c", 0, false);
            pub.publish("q/d", "qos1-barrier", 1, false); // acknowledged: everything before it was routed
            try (BehaviourClient sub = reconnect(p)) {
                pub.publish("q/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("qos1", "qos1-barrier", "end");
            }
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.QOS0_OFFLINE)).isEqualTo(2);
        assertThat(events.of(Dropped.class)).containsExactly(
                new Dropped("sub", "q/a", "qos0-a", DropReason.QOS0_OFFLINE),
                new Dropped("sub", "q/c", "qos0-c", DropReason.QOS0_OFFLINE));
    }

    @ForEachProtocol
    void qos0_messages_are_queued_for_an_offline_session_with_store_qos0(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt().storeQos0(true));
        offlineSubscriber(p, 0);
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("q/a", "qos0-a", 0, false);
            pub.publish("q/b", "qos1-downgraded", 1, false);
            try (BehaviourClient sub = reconnect(p)) {
                pub.publish("q/end", "end", 0, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("qos0-a", "qos1-downgraded", "end");
            }
        }
        assertThat(server.broker().metrics().droppedTotal()).isZero();
        assertThat(events.of(Dropped.class)).isEmpty();
    }

    @ForEachProtocol
    void qos0_messages_count_towards_the_queue_limit_with_store_qos0(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt().storeQos0(true).mqueueMaxLen(2));
        offlineSubscriber(p, 1);
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("q/1", "m1", 0, false);
            pub.publish("q/2", "m2", 1, false);
            pub.publish("q/3", "m3", 0, false);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.broker().metrics().droppedCount(DropReason.QUEUE_FULL) == 1);
            try (BehaviourClient sub = reconnect(p)) {
                pub.publish("q/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("m2", "m3", "end");
            }
        }
        assertThat(events.of(Dropped.class)).containsExactly(new Dropped("sub", "q/1", "m1", DropReason.QUEUE_FULL));
    }

    @ForEachProtocol
    void queue_of_an_online_subscriber_with_a_full_inflight_window_is_bounded_too(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt().maxInflight(1).mqueueMaxLen(2));
        try (BehaviourRawClient sub = BehaviourRawClient.open(server.port());
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.connect(p.mqttVersion(), "sub", true, 0);
            sub.subscribe(1, "q/#", 1);
            for (int i = 1; i <= 5; i++) {
                pub.publish("q/" + i, "m" + i, 1, false);
            }
            MqttPublishMessage first = sub.expectPublish();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.broker().metrics().droppedCount(DropReason.QUEUE_FULL) == 2);
            sub.ack(MqttMessageType.PUBACK, first.variableHeader().packetId());
            MqttPublishMessage fourth = sub.expectPublish();
            sub.ack(MqttMessageType.PUBACK, fourth.variableHeader().packetId());
            MqttPublishMessage fifth = sub.expectPublish();
            sub.ack(MqttMessageType.PUBACK, fifth.variableHeader().packetId());

            assertThat(List.of(first, fourth, fifth)).extracting(BehaviourRawClient::payload)
                    .containsExactly("m1", "m4", "m5");
        }
        assertThat(events.of(Dropped.class)).containsExactly(
                new Dropped("sub", "q/2", "m2", DropReason.QUEUE_FULL),
                new Dropped("sub", "q/3", "m3", DropReason.QUEUE_FULL));
    }
}
