package dev.estuary.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.session.SessionHarness.Client;
import dev.estuary.core.testing.FakeConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outbound QoS 0/1/2 flows (MQTT 5.0 §4.3), packet identifiers, the inflight window (§4.9), the message queue and
 * message expiry while queued (§3.3.2.3.3).
 */
@Timeout(20)
class SessionOutboundTest {
    private SessionHarness h = new SessionHarness();

    @AfterEach
    void lane_ran_every_task_without_failure() {
        h.assertLaneClean();
    }

    @Test
    void qos0_message_is_sent_without_packet_id_and_flushed() {
        Client c = h.connect("sub");
        c.subscribe("t", 0);
        int flushes = c.conn().flushes();
        assertThat(h.publish("t", "hello", 0)).isEqualTo(1);
        assertThat(c.conn().publishes()).singleElement().satisfies(p -> {
            assertThat(p.qos()).isZero();
            assertThat(p.packetId()).isZero();
            assertThat(p.dup()).isFalse();
            assertThat(p.expirySeconds()).isEqualTo(-1);
        });
        assertThat(c.conn().flushes()).isEqualTo(flushes + 1);
        assertThat(h.metrics.messagesOut(0)).isEqualTo(1);
    }

    @Test
    void delivered_qos_is_the_lower_of_published_and_granted_qos() {
        Client c = h.connect("sub");
        c.subscribe("q1", 1);
        c.subscribe("q2", 2);
        h.publish("q1", "a", 2);
        h.publish("q2", "b", 1);
        h.publish("q2", "c", 0);
        assertThat(c.conn().publishes()).extracting(OutboundPublish::qos).containsExactly(1, 1, 0);
    }

    @Test
    void qos1_message_stays_inflight_until_puback() {
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        h.publish("t", "m", 1);
        OutboundPublish p = c.conn().publishes().get(0);
        assertThat(p.qos()).isEqualTo(1);
        assertThat(p.packetId()).isEqualTo(1);
        assertThat(c.session().inflightCount()).isEqualTo(1);

        c.session().onPuback(c.conn(), 99); // unknown id: ignored
        assertThat(c.session().inflightCount()).isEqualTo(1);
        c.session().onPuback(c.conn(), 1);
        assertThat(c.session().inflightCount()).isZero();
        assertThat(h.events.acked).extracting(m -> new String(m.payload())).containsExactly("m");
    }

    @Test
    void qos2_flow_sends_pubrel_on_pubrec_and_completes_on_pubcomp() {
        Client c = h.connect("sub");
        c.subscribe("t", 2);
        h.publish("t", "m", 2);
        int pid = c.conn().publishes().get(0).packetId();

        assertThat(c.session().onPubrec(c.conn(), pid, ReasonCodes.SUCCESS)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(c.conn().pubrels()).containsExactly(pid);
        assertThat(c.session().inflightCount()).isEqualTo(1);

        c.session().onPubcomp(c.conn(), pid);
        assertThat(c.session().inflightCount()).isZero();
        assertThat(h.events.acked).hasSize(1);
    }

    @Test
    void pubrec_for_an_unknown_packet_id_answers_packet_identifier_not_found() {
        Client c = h.connect("sub");
        assertThat(c.session().onPubrec(c.conn(), 5, ReasonCodes.SUCCESS))
                .isEqualTo(ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND);
        assertThat(c.conn().pubrels()).isEmpty();
    }

    @Test
    void pubrec_with_an_error_reason_ends_the_qos2_flow_and_frees_the_window() {
        h = new SessionHarness(SessionHarness.config(1, 1000, false));
        Client c = h.connect("sub");
        c.subscribe("t", 2);
        h.publish("t", "first", 2);
        h.publish("t", "second", 2);
        assertThat(c.payloads()).containsExactly("first");
        int pid = c.conn().publishes().get(0).packetId();

        assertThat(c.session().onPubrec(c.conn(), pid, ReasonCodes.QUOTA_EXCEEDED)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(c.conn().pubrels()).isEmpty();
        assertThat(c.payloads()).containsExactly("first", "second");
        assertThat(c.session().inflightCount()).isEqualTo(1);
        assertThat(c.session().queuedCount()).isZero();
    }

    @Test
    void packet_ids_increase_wrap_after_65535_and_skip_ids_still_in_use() {
        h = new SessionHarness(SessionHarness.config(65535, 0, false));
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        h.publish("t", "held", 1); // packet id 1, never acknowledged
        assertThat(c.conn().takePublishes()).extracting(OutboundPublish::packetId).containsExactly(1);
        List<OutboundPublish> sent = c.conn().publishes();
        for (int expected = 2; expected <= 65535; expected++) {
            h.publish("t", "m", 1);
            int pid = sent.get(sent.size() - 1).packetId();
            if (sent.size() != expected || pid != expected) {
                assertThat(pid).as("publish %d", expected).isEqualTo(expected);
            }
            c.session().onPuback(c.conn(), pid);
        }
        sent.clear();
        h.publish("t", "wrapped", 1);
        assertThat(c.conn().takePublishes()).extracting(OutboundPublish::packetId)
                .as("wraps to 1, which is in use, so 2").containsExactly(2);
    }

    @Test
    void inflight_window_is_the_smaller_of_max_inflight_and_receive_maximum() {
        h = new SessionHarness(SessionHarness.config(3, 1000, false));
        Client small = h.req("small").receiveMaximum(2).connect();
        Client large = h.req("large").receiveMaximum(100).connect();
        small.subscribe("t", 1);
        large.subscribe("t", 1);
        for (int i = 0; i < 5; i++) {
            h.publish("t", "m" + i, 1);
        }
        assertThat(small.payloads()).containsExactly("m0", "m1");
        assertThat(small.session().queuedCount()).isEqualTo(3);
        assertThat(large.payloads()).containsExactly("m0", "m1", "m2");
        assertThat(large.session().queuedCount()).isEqualTo(2);

        small.session().onPuback(small.conn(), small.conn().publishes().get(0).packetId());
        assertThat(small.payloads()).containsExactly("m0", "m1", "m2");
    }

    @Test
    void queued_messages_keep_publish_order_across_qos_levels_when_the_window_opens() {
        h = new SessionHarness(SessionHarness.config(1, 1000, false));
        Client c = h.connect("sub");
        c.subscribe("t", 2);
        h.publish("t", "1", 1);
        h.publish("t", "2", 0); // QoS 0 is not limited by the window: sent at once
        h.publish("t", "3", 2); // window full: queued
        h.publish("t", "4", 0); // must not overtake the queued "3"
        assertThat(c.payloads()).containsExactly("1", "2");
        c.session().onPuback(c.conn(), c.conn().publishes().get(0).packetId());
        assertThat(c.payloads()).containsExactly("1", "2", "3", "4");
        int pid3 = c.conn().publishes().get(2).packetId();
        h.publish("t", "5", 1);
        c.session().onPubrec(c.conn(), pid3, 0);
        assertThat(c.payloads()).as("PUBREC does not free the slot").hasSize(4);
        c.session().onPubcomp(c.conn(), pid3);
        assertThat(c.payloads()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void unwritable_connection_queues_and_writable_again_drains() {
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        c.conn().setWritable(false);
        h.publish("t", "a", 0);
        h.publish("t", "b", 1);
        assertThat(c.payloads()).isEmpty();
        assertThat(c.session().queuedCount()).isEqualTo(2);
        c.conn().setWritable(true);
        c.session().onWritable(c.conn());
        assertThat(c.payloads()).containsExactly("a", "b");
    }

    @Test
    void full_queue_drops_the_oldest_message_and_counts_it() {
        h = new SessionHarness(SessionHarness.config(32, 3, false));
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        for (int i = 1; i <= 5; i++) {
            h.publish("t", "m" + i, 1);
        }
        assertThat(h.metrics.droppedCount(DropReason.QUEUE_FULL)).isEqualTo(2);
        assertThat(h.events.drops).filteredOn(d -> d.reason() == DropReason.QUEUE_FULL)
                .extracting(d -> d.clientId() + ":" + new String(d.message().payload()))
                .containsExactly("sub:m1", "sub:m2");

        Client back = h.req("sub").persistent(3600).connect();
        assertThat(back.outcome().sessionPresent()).isTrue();
        assertThat(back.payloads()).containsExactly("m3", "m4", "m5");
    }

    @Test
    void full_queue_of_an_online_session_with_a_full_window_also_drops_the_oldest() {
        h = new SessionHarness(SessionHarness.config(1, 2, false));
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        for (int i = 1; i <= 4; i++) {
            h.publish("t", "m" + i, 1);
        }
        assertThat(c.payloads()).containsExactly("m1");
        assertThat(h.metrics.droppedCount(DropReason.QUEUE_FULL)).isEqualTo(1);
        c.session().onPuback(c.conn(), c.conn().publishes().get(0).packetId());
        c.session().onPuback(c.conn(), c.conn().publishes().get(0).packetId() + 1);
        assertThat(c.payloads()).containsExactly("m1", "m3", "m4");
    }

    @Test
    void qos0_for_an_offline_session_is_dropped_when_store_qos0_is_off() {
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        h.publish("t", "zero", 0);
        h.publish("t", "one", 1);
        assertThat(h.metrics.droppedCount(DropReason.QOS0_OFFLINE)).isEqualTo(1);
        Client back = h.req("sub").persistent(3600).connect();
        assertThat(back.payloads()).containsExactly("one");
    }

    @Test
    void qos0_for_an_offline_session_is_queued_when_store_qos0_is_on() {
        h = new SessionHarness(SessionHarness.config(32, 1000, true));
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        h.publish("t", "zero", 0);
        h.publish("t", "one", 1);
        assertThat(h.metrics.droppedCount(DropReason.QOS0_OFFLINE)).isZero();
        Client back = h.req("sub").persistent(3600).connect();
        assertThat(back.payloads()).containsExactly("zero", "one");
    }

    @Test
    void queued_qos0_is_dropped_when_the_connection_goes_and_store_qos0_is_off() {
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 0);
        c.conn().setWritable(false);
        h.publish("t", "zero", 0);
        assertThat(c.session().queuedCount()).isEqualTo(1);
        c.lose();
        assertThat(c.session().queuedCount()).isZero();
        assertThat(h.metrics.droppedCount(DropReason.QOS0_OFFLINE)).isEqualTo(1);
    }

    @Test
    void message_expiring_while_queued_is_dropped_and_counted() {
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        h.publish(h.expiring("t", "short", 1, Duration.ofSeconds(10)));
        h.publish(h.expiring("t", "long", 1, Duration.ofSeconds(100)));
        h.clock.advanceSeconds(11);
        Client back = h.req("sub").persistent(3600).connect();
        assertThat(back.payloads()).containsExactly("long");
        assertThat(back.conn().publishes().get(0).expirySeconds()).isEqualTo(89);
        assertThat(h.metrics.droppedCount(DropReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    void already_expired_message_is_not_delivered_to_an_online_subscriber() {
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        var m = h.expiring("t", "gone", 1, Duration.ofSeconds(1));
        h.clock.advanceSeconds(2);
        h.publish(m);
        assertThat(c.payloads()).isEmpty();
        assertThat(h.metrics.droppedCount(DropReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    void message_larger_than_the_client_maximum_packet_size_is_dropped_and_frees_its_packet_id() {
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        c.conn().setMaxPacketSize(50);
        h.publish("t", "x".repeat(100), 1);
        h.publish("t", "small", 1);
        assertThat(c.payloads()).containsExactly("small");
        assertThat(c.session().inflightCount()).isEqualTo(1);
        assertThat(h.metrics.droppedCount(DropReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void deliveries_are_held_until_start_delivery() {
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        h.publish("t", "while offline", 1);
        Client back = h.req("sub").persistent(3600).hold().connect();
        h.publish("t", "before connack", 1);
        h.publish("t", "before connack qos0", 0);
        assertThat(back.payloads()).as("nothing may precede CONNACK").isEmpty();
        back.session().startDelivery(back.conn());
        assertThat(back.payloads()).containsExactly("while offline", "before connack", "before connack qos0");
        back.session().startDelivery(back.conn()); // a second call changes nothing
        assertThat(back.payloads()).hasSize(3);
    }

    @Test
    void resume_resends_unacknowledged_messages_with_dup_and_pubrel_for_released_qos2() {
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 2);
        h.publish("t", "q1", 1);
        h.publish("t", "q2-released", 2);
        h.publish("t", "q2-unreleased", 2);
        List<OutboundPublish> first = List.copyOf(c.conn().publishes());
        c.session().onPubrec(c.conn(), first.get(1).packetId(), 0);
        c.lose();
        h.publish("t", "queued", 1);

        Client back = h.req("sub").persistent(3600).connect();
        assertThat(back.outcome().sessionPresent()).isTrue();
        FakeConnection conn = back.conn();
        assertThat(conn.pubrels()).containsExactly(first.get(1).packetId());
        assertThat(conn.publishes()).extracting(p -> new String(p.message().payload()) + ":" + p.packetId() + ":"
                + p.dup()).containsExactly(
                        "q1:" + first.get(0).packetId() + ":true",
                        "q2-unreleased:" + first.get(2).packetId() + ":true",
                        "queued:" + (first.get(2).packetId() + 1) + ":false");
        back.session().onPuback(conn, first.get(0).packetId());
        back.session().onPubcomp(conn, first.get(1).packetId());
        back.session().onPubrec(conn, first.get(2).packetId(), 0);
        back.session().onPubcomp(conn, first.get(2).packetId());
        back.session().onPuback(conn, first.get(2).packetId() + 1);
        assertThat(back.session().inflightCount()).isZero();
    }

    @Test
    void resumed_message_too_large_for_the_new_connection_is_dropped_and_frees_the_window() {
        h = new SessionHarness(SessionHarness.config(1, 1000, false));
        Client c = h.req("sub").persistent(3600).connect();
        c.subscribe("t", 1);
        h.publish("t", "x".repeat(200), 1);
        c.lose();
        h.publish("t", "small", 1);

        FakeConnection conn = new FakeConnection(h.lane);
        conn.setMaxPacketSize(100);
        SessionHarness.Req req = h.req("sub").persistent(3600);
        Client back = req.finish(h.registry.connect(req.request(), conn, req.info(),
                ClientAuthorizer.ALLOW_ALL, null), conn);
        assertThat(back.payloads()).containsExactly("small");
        assertThat(h.metrics.droppedCount(DropReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void max_inflight_config_is_used_when_the_client_allows_more() {
        h = new SessionHarness(MqttConfig.DEFAULTS);
        Client c = h.connect("sub");
        c.subscribe("t", 1);
        for (int i = 0; i < 40; i++) {
            h.publish("t", "m" + i, 1);
        }
        assertThat(c.conn().publishes()).hasSize(32);
        assertThat(c.session().queuedCount()).isEqualTo(8);
    }
}
