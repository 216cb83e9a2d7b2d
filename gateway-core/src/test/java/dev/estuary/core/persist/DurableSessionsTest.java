package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import dev.estuary.core.config.PersistenceConfig;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.OutboundPublish;
import dev.estuary.core.session.Will;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent sessions across restarts of a broker core with a {@link DurableStore}: a clean restart and a crash
 * right after the last sync each bring back subscriptions, queued and in-flight messages, inbound QoS 2 state,
 * expiry and will, and nothing that was completed or ended.
 */
@Timeout(30)
class DurableSessionsTest {
    @TempDir
    Path tmp;

    private DurableHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private DurableHarness harness() {
        h = new DurableHarness(tmp, PersistenceConfig.DEFAULTS.withSync("always"));
        return h;
    }

    private static List<String> range(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    @Test
    void offline_subscriber_gets_every_qos1_and_qos2_message_after_a_clean_restart_in_order() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t/#", 2);
        sub.lose();
        DurableHarness.Client pub = h.connect("pub", true, 0);
        for (int i = 1; i <= 5; i++) {
            pub.publish("t/a", "a" + i, 1, i);
            pub.publish("t/b", "b" + i, 2, 100 + i);
        }
        h.restart();

        assertThat(h.report.sessions()).isEqualTo(1);
        assertThat(h.report.queued()).isEqualTo(10);
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.sessionPresent).isTrue();
        List<String> got = back.payloads();
        assertThat(got.stream().filter(p -> p.startsWith("a"))).containsExactlyElementsOf(range("a", 5));
        assertThat(got.stream().filter(p -> p.startsWith("b"))).containsExactlyElementsOf(range("b", 5));
        assertThat(back.conn.publishes()).extracting(OutboundPublish::qos).containsOnly(1, 2);
    }

    @Test
    void subscription_survives_a_crash_and_receives_what_is_published_after_it() throws Exception {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("s/+", 1);
        sub.subscribe("x", SubscriptionOptions.qos(1).withQos(2), 7);
        sub.lose();
        h.crash();

        DurableHarness.Client pub = h.connect("pub", true, 0);
        pub.publish("s/1", "after crash", 1, 1);
        pub.publish("x", "with id", 2, 2);
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.sessionPresent).isTrue();
        assertThat(back.payloads()).containsExactly("after crash", "with id");
        assertThat(back.conn.publishes().get(1).subscriptionIds()).containsExactly(7);
        assertThat(back.session.subscriptions()).containsOnlyKeys("s/+", "x");
    }

    @Test
    void inflight_messages_are_resent_with_dup_and_their_packet_ids_and_released_ones_as_pubrel() throws Exception {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 2);
        DurableHarness.Client pub = h.connect("pub", true, 0);
        pub.publish("t", "q1", 1, 1);
        pub.publish("t", "q2-released", 2, 2);
        pub.publish("t", "q2-unreleased", 2, 3);
        pub.publish("t", "q1-acked", 1, 4);
        List<OutboundPublish> sent = sub.conn.takePublishes();
        assertThat(sent).hasSize(4);
        sub.session.onPubrec(sub.conn, sent.get(1).packetId(), 0);
        sub.session.onPuback(sub.conn, sent.get(3).packetId());
        h.crash();

        assertThat(h.report.inflight()).isEqualTo(3);
        assertThat(h.report.sessionsOpenAtCrash()).isEqualTo(1); // "pub" has no expiry: not durable
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.payloads()).containsExactly("q1", "q2-unreleased");
        assertThat(back.conn.publishes()).allMatch(OutboundPublish::dup);
        assertThat(back.conn.publishes()).extracting(OutboundPublish::packetId)
                .containsExactly(sent.get(0).packetId(), sent.get(2).packetId());
        assertThat(back.conn.pubrels()).containsExactly(sent.get(1).packetId());
    }

    @Test
    void completed_messages_are_not_delivered_again_after_a_restart() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 2);
        DurableHarness.Client pub = h.connect("pub", true, 0);
        pub.publish("t", "one", 1, 1);
        pub.publish("t", "two", 2, 2);
        List<OutboundPublish> sent = sub.conn.takePublishes();
        sub.session.onPuback(sub.conn, sent.get(0).packetId());
        sub.session.onPubrec(sub.conn, sent.get(1).packetId(), 0);
        sub.session.onPubcomp(sub.conn, sent.get(1).packetId());
        h.restart();

        assertThat(h.report.queued() + h.report.inflight()).isZero();
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.sessionPresent).isTrue();
        assertThat(back.payloads()).isEmpty();
        assertThat(back.conn.pubrels()).isEmpty();
    }

    @Test
    void inbound_qos2_message_resent_after_a_crash_is_not_routed_twice() throws Exception {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 2);
        sub.lose();
        DurableHarness.Client pub = h.persistent("pub");
        assertThat(pub.publish("t", "exactly once", 2, 42)).isEqualTo(ReasonCodes.SUCCESS);
        h.crash();

        DurableHarness.Client pubBack = h.persistent("pub");
        assertThat(pubBack.session.awaitingRelCount()).isEqualTo(1);
        // the client never saw PUBREC: it sends the PUBLISH again, with DUP
        assertThat(pubBack.publish("t", "exactly once", 2, 42)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(pubBack.session.onPubrel(pubBack.conn, 42)).isEqualTo(ReasonCodes.SUCCESS);
        DurableHarness.Client subBack = h.persistent("sub");
        assertThat(subBack.payloads()).containsExactly("exactly once");
    }

    @Test
    void pubrel_received_before_the_restart_frees_the_packet_id_for_good() {
        harness();
        DurableHarness.Client pub = h.persistent("pub");
        pub.publish("t", "m", 2, 9);
        assertThat(pub.session.onPubrel(pub.conn, 9)).isEqualTo(ReasonCodes.SUCCESS);
        h.restart();

        DurableHarness.Client back = h.persistent("pub");
        assertThat(back.session.awaitingRelCount()).isZero();
        assertThat(back.session.onPubrel(back.conn, 9)).isEqualTo(ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND);
    }

    @Test
    void non_persistent_sessions_are_not_stored() {
        harness();
        DurableHarness.Client clean = h.connect("clean", true, 0);
        clean.subscribe("t", 1);
        h.restart();

        assertThat(h.report.sessions()).isZero();
        assertThat(h.broker.sessions().get("clean")).isNull();
    }

    @Test
    void unsubscribed_filters_stay_unsubscribed_after_a_restart() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("a", 1);
        sub.subscribe("b", 1);
        sub.session.unsubscribe(sub.conn, List.of("a"));
        h.restart();

        assertThat(h.broker.sessions().get("sub").subscriptions()).containsOnlyKeys("b");
        assertThat(h.broker.publish(h.brokerMessage("a", "x", 1))).isZero();
    }

    @Test
    void clean_start_replaces_the_stored_session() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("old", 1);
        sub.lose();
        h.broker.publish(h.brokerMessage("old", "queued before clean start", 1));
        DurableHarness.Client fresh = h.connect("sub", true, 3600);
        fresh.subscribe("new", 1);
        fresh.lose();
        h.restart();

        assertThat(h.report.sessions()).isEqualTo(1);
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.session.subscriptions()).containsOnlyKeys("new");
        assertThat(back.payloads()).isEmpty();
    }

    @Test
    void reconnect_with_expiry_zero_removes_the_session_from_disk() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        h.connect("sub", false, 0);
        h.restart();

        assertThat(h.report.sessions()).isZero();
    }

    @Test
    void session_that_expired_while_the_broker_was_down_is_gone_and_its_will_is_published() {
        harness();
        DurableHarness.Client watcher = h.persistent("watcher");
        watcher.subscribe("wills/#", 1);
        watcher.lose();
        Message willMessage = Message.builder("wills/short").payload("gone".getBytes(StandardCharsets.UTF_8))
                .qos(1).publisherId("short").createdAtMillis(h.clock.millis()).build();
        DurableHarness.Client shortLived = h.connect("short", false, 60, new Will(willMessage, 3600), 65535);
        shortLived.subscribe("t", 1);
        h.stop();
        h.clock.advance(Duration.ofMinutes(5));
        h.start();

        assertThat(h.report.expiredSessions()).isEqualTo(1);
        assertThat(h.broker.sessions().get("short")).isNull();
        assertThat(h.broker.publish(h.brokerMessage("t", "x", 1))).isZero();
        DurableHarness.Client back = h.persistent("watcher");
        assertThat(back.payloads()).containsExactly("gone");
        h.restart();
        assertThat(h.report.sessions()).isEqualTo(1); // the expired one was forgotten on disk too
    }

    @Test
    void expiry_keeps_running_from_the_disconnect_across_a_restart() {
        harness();
        DurableHarness.Client sub = h.connect("sub", false, 600);
        sub.subscribe("t", 1);
        sub.lose();
        h.clock.advance(Duration.ofSeconds(400));
        h.restart();
        assertThat(h.broker.sessions().get("sub")).isNotNull();

        h.clock.advance(Duration.ofSeconds(201));
        assertThat(h.broker.sessions().get("sub")).isNull();
        h.restart();
        assertThat(h.report.sessions()).isZero();
    }

    @Test
    void queued_message_that_expired_while_the_broker_was_down_is_dropped() {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        h.broker.publish(Message.builder("t").payload("short".getBytes(StandardCharsets.UTF_8)).qos(1)
                .createdAtMillis(h.clock.millis()).expiresAtMillis(h.clock.millis() + 10_000).build());
        h.broker.publish(h.brokerMessage("t", "lasting", 1));
        h.stop();
        h.clock.advance(Duration.ofSeconds(11));
        h.start();

        assertThat(h.report.expiredQueued()).isEqualTo(1);
        assertThat(h.persistent("sub").payloads()).containsExactly("lasting");
    }

    @Test
    void will_is_kept_until_its_delay_runs_out_after_the_restart() {
        harness();
        DurableHarness.Client watcher = h.persistent("watcher");
        watcher.subscribe("wills/#", 1);
        Message willMessage = Message.builder("wills/w").payload("late".getBytes(StandardCharsets.UTF_8)).qos(1)
                .publisherId("w").createdAtMillis(h.clock.millis()).build();
        DurableHarness.Client w = h.connect("w", false, 3600, new Will(willMessage, 120), 65535);
        w.lose();
        h.clock.advance(Duration.ofSeconds(60));
        h.restart();
        DurableHarness.Client watcherBack = h.persistent("watcher");
        assertThat(watcherBack.payloads()).isEmpty();

        h.clock.advance(Duration.ofSeconds(61));
        assertThat(watcherBack.payloads()).containsExactly("late");
    }

    @Test
    void will_cancelled_by_a_normal_disconnect_is_not_published_after_a_restart() {
        harness();
        DurableHarness.Client watcher = h.persistent("watcher");
        watcher.subscribe("wills/#", 1);
        watcher.lose();
        Message willMessage = Message.builder("wills/w").payload("no".getBytes(StandardCharsets.UTF_8)).qos(1).build();
        DurableHarness.Client w = h.connect("w", false, 60, new Will(willMessage, 0), 65535);
        w.disconnectNormally();
        h.stop();
        h.clock.advance(Duration.ofMinutes(2));
        h.start();

        assertThat(h.persistent("watcher").payloads()).isEmpty();
    }

    @Test
    void subscription_options_and_identity_come_back() throws Exception {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("$share/g/jobs", SubscriptionOptions.qos(1), 0);
        sub.subscribe("own", new SubscriptionOptions(2, true, true, RetainHandling.DONT_SEND), 3);
        sub.lose();
        h.crash();

        var s = h.broker.sessions().get("sub");
        assertThat(s.client().username()).isEqualTo("user-sub");
        assertThat(s.subscriptions().get("own").options())
                .isEqualTo(new SubscriptionOptions(2, true, true, RetainHandling.DONT_SEND));
        assertThat(s.subscriptions().get("own").subscriptionId()).isEqualTo(3);
        assertThat(s.subscriptions().get("$share/g/jobs").shareGroup()).isEqualTo("g");
        assertThat(h.broker.publish(h.brokerMessage("jobs", "job", 1))).isEqualTo(1);
    }

    @Test
    void queue_limit_drops_are_not_restored() {
        h = new DurableHarness(tmp, PersistenceConfig.DEFAULTS.withSync("always"),
                new MqttConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, new MqueueConfig(3, false)));
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        for (int i = 1; i <= 5; i++) {
            h.broker.publish(h.brokerMessage("t", "m" + i, 1));
        }
        h.restart();

        assertThat(h.persistent("sub").payloads()).containsExactly("m3", "m4", "m5");
    }
}
