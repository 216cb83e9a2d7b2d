package dev.estuary.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.routing.Delivery;
import dev.estuary.core.session.SessionHarness.Client;
import dev.estuary.core.testing.DenyingAuthorizer;
import dev.estuary.core.testing.FakeConnection;
import dev.estuary.core.testing.ManualLane;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Session lifecycle: will messages and will delay (MQTT 5.0 §3.1.3.2), session expiry (§3.1.2.11), takeover and
 * clean start (§3.1.4), and shared-subscription redispatch when a member goes away (§4.8.2).
 */
@Timeout(20)
class SessionLifecycleTest {
    private SessionHarness h = new SessionHarness();

    @AfterEach
    void lane_ran_every_task_without_failure() {
        h.assertLaneClean();
    }

    private Client watcher() {
        Client w = h.connect("watcher");
        w.subscribe("will/#", 1);
        return w;
    }

    // ------------------------------------------------------------------ will

    @Test
    void will_is_published_at_once_when_the_connection_is_lost() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 0).connect();
        c.lose();
        assertThat(w.payloads()).containsExactly("gone");
        assertThat(h.events.published).extracting(m -> m.topic()).contains("will/dev");
    }

    @Test
    void will_is_not_published_after_a_normal_disconnect() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 0).persistent(60).connect();
        c.disconnectNormally();
        h.clock.advanceSeconds(120); // not even when the session ends
        assertThat(w.payloads()).isEmpty();
        assertThat(h.registry.get("dev")).isNull();
    }

    @Test
    void delayed_will_is_published_after_its_delay() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 30).persistent(3600).connect();
        c.lose();
        h.clock.advanceSeconds(29);
        assertThat(w.payloads()).isEmpty();
        h.clock.advanceSeconds(2);
        assertThat(w.payloads()).containsExactly("gone");
        assertThat(h.registry.get("dev")).as("the session itself lives on").isNotNull();
    }

    @Test
    void delayed_will_is_cancelled_when_the_client_reconnects_in_time() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 30).persistent(3600).connect();
        c.lose();
        h.clock.advanceSeconds(10);
        Client back = h.req("dev").persistent(3600).connect();
        assertThat(back.outcome().sessionPresent()).isTrue();
        h.clock.advanceSeconds(60);
        assertThat(w.payloads()).isEmpty();
    }

    @Test
    void delayed_will_is_published_when_the_session_ends_first() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 60).persistent(10).connect();
        c.lose();
        h.clock.advanceSeconds(9);
        assertThat(w.payloads()).isEmpty();
        h.clock.advanceSeconds(1);
        assertThat(w.payloads()).containsExactly("gone");
        assertThat(h.registry.get("dev")).isNull();
        h.clock.advanceSeconds(60);
        assertThat(w.payloads()).as("published once").hasSize(1);
    }

    @Test
    void will_delay_with_session_expiry_zero_publishes_at_once() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 60).connect();
        c.lose();
        assertThat(w.payloads()).containsExactly("gone");
    }

    @Test
    void pending_delayed_will_is_published_when_a_clean_start_replaces_the_session() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 60).persistent(3600).connect();
        c.lose();
        h.req("dev").cleanStart(true).connect();
        assertThat(w.payloads()).containsExactly("gone");
        h.clock.advanceSeconds(120);
        assertThat(w.payloads()).hasSize(1);
    }

    @Test
    void will_on_a_topic_the_client_may_not_publish_to_is_dropped() {
        Client w = watcher();
        ClientAuthorizer noWill = new DenyingAuthorizer().denyPublish("will/");
        Client c = h.req("dev").will("will/dev", "gone", 0).acl(noWill).connect();
        c.lose();
        assertThat(w.payloads()).isEmpty();
        assertThat(h.metrics.droppedCount(DropReason.NOT_AUTHORIZED)).isEqualTo(1);
    }

    @Test
    void will_expiry_interval_restarts_when_the_will_is_published() {
        Client w = watcher();
        SessionHarness.Req r = h.req("dev").will("will/dev", "gone", 30).persistent(3600);
        var m = r.will.message().toBuilder().expiresAtMillis(h.clock.millis() + 20_000).build();
        r.will = new Will(m, 30);
        r.connect().lose();
        h.clock.advanceSeconds(30);
        assertThat(w.conn().publishes()).singleElement()
                .satisfies(p -> assertThat(p.expirySeconds()).isEqualTo(20));
    }

    // ------------------------------------------------------------------ expiry

    @Test
    void session_with_expiry_zero_ends_with_its_connection() {
        Client c = h.connect("dev");
        c.subscribe("a/#", 1);
        assertThat(h.tree.size()).isEqualTo(1);
        c.lose();
        assertThat(h.registry.get("dev")).isNull();
        assertThat(c.session().isTerminated()).isTrue();
        assertThat(h.tree.size()).isZero();
        assertThat(h.events.terminated).containsExactly("dev");
        assertThat(h.metrics.sessions()).isZero();
    }

    @Test
    void session_with_expiry_n_lives_n_seconds_after_the_connection() {
        Client c = h.req("dev").persistent(100).connect();
        c.subscribe("a/#", 1);
        c.lose();
        h.clock.advanceSeconds(99);
        assertThat(h.registry.get("dev")).isNotNull();
        assertThat(h.tree.size()).isEqualTo(1);
        h.clock.advanceSeconds(1);
        assertThat(h.registry.get("dev")).isNull();
        assertThat(h.tree.size()).isZero();
        Client back = h.req("dev").persistent(100).connect();
        assertThat(back.outcome().sessionPresent()).isFalse();
    }

    @Test
    void session_that_never_expires_keeps_no_timer() {
        Client c = h.req("dev").persistent(Long.MAX_VALUE).connect();
        c.lose();
        assertThat(h.clock.pendingTimers()).isZero();
        h.clock.advance(Duration.ofDays(3650));
        assertThat(h.registry.get("dev")).isNotNull();
        assertThat(c.session().expirySeconds()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void requested_expiry_is_capped_by_max_session_expiry_interval() {
        h = new SessionHarness(new MqttConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, Duration.ofSeconds(60), null, null));
        Client c = h.req("dev").persistent(Long.MAX_VALUE).connect();
        assertThat(c.session().expirySeconds()).isEqualTo(60);
        c.lose();
        h.clock.advanceSeconds(60);
        assertThat(h.registry.get("dev")).isNull();
    }

    @Test
    void expiry_changed_in_disconnect_applies() {
        Client c = h.req("dev").persistent(3600).connect();
        c.session().updateExpiry(c.conn(), 0);
        c.disconnectNormally();
        assertThat(h.registry.get("dev")).isNull();
    }

    @Test
    void reconnecting_stops_the_expiry_clock() {
        Client c = h.req("dev").persistent(10).connect();
        c.lose();
        h.clock.advanceSeconds(5);
        Client back = h.req("dev").persistent(10).connect();
        h.clock.advanceSeconds(60);
        assertThat(h.registry.get("dev")).isSameAs(back.session());
        assertThat(back.session().isTerminated()).isFalse();
    }

    // ------------------------------------------------------------------ takeover and clean start

    @Test
    void takeover_closes_the_old_connection_with_session_taken_over_and_resumes_the_session() {
        Client old = h.req("dev").persistent(3600).connect();
        old.subscribe("t", 1);
        Client fresh = h.req("dev").persistent(3600).connect();

        assertThat(old.conn().closes()).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(ReasonCodes.SESSION_TAKEN_OVER);
            assertThat(d.reason()).isEqualTo(DisconnectReason.TAKEOVER);
        });
        assertThat(fresh.outcome().sessionPresent()).isTrue();
        assertThat(fresh.session()).isSameAs(old.session());
        assertThat(fresh.session().subscriptions()).containsKey("t");

        h.publish("t", "after", 1);
        assertThat(fresh.payloads()).containsExactly("after");
        assertThat(old.payloads()).isEmpty();
        assertThat(old.publish("t", "stale", 1, 1)).as("the old connection is no longer heard").isEqualTo(-1);
        old.lose(); // its late close event changes nothing
        assertThat(fresh.session().isOnline()).isTrue();
        assertThat(h.events.connected).containsExactly("dev new", "dev resumed");
    }

    @Test
    void takeover_of_a_session_with_expiry_zero_creates_a_new_session() {
        Client old = h.connect("dev");
        old.subscribe("t", 1);
        Client fresh = h.req("dev").persistent(3600).connect();
        assertThat(old.conn().closes()).hasSize(1);
        assertThat(fresh.outcome().sessionPresent()).isFalse();
        assertThat(fresh.session()).isNotSameAs(old.session());
        assertThat(fresh.session().subscriptions()).isEmpty();
        assertThat(h.tree.size()).isZero();
    }

    @Test
    void clean_start_replaces_the_existing_session_and_drops_what_it_held() {
        Client old = h.req("dev").persistent(3600).connect();
        old.subscribe("t", 1);
        old.conn().setWritable(false);
        h.publish("t", "queued", 1);
        Client fresh = h.req("dev").cleanStart(true).expiry(3600).connect();

        assertThat(old.conn().closes()).singleElement()
                .satisfies(d -> assertThat(d.reasonCode()).isEqualTo(ReasonCodes.SESSION_TAKEN_OVER));
        assertThat(fresh.outcome().sessionPresent()).isFalse();
        assertThat(fresh.session()).isNotSameAs(old.session());
        assertThat(old.session().isTerminated()).isTrue();
        assertThat(h.registry.get("dev")).isSameAs(fresh.session());
        assertThat(h.registry.size()).isEqualTo(1);
        assertThat(h.tree.size()).as("old subscriptions removed").isZero();
        assertThat(h.metrics.droppedCount(DropReason.SESSION_ENDED)).isEqualTo(1);
        assertThat(h.events.terminated).containsExactly("dev");
    }

    @Test
    void takeover_on_another_lane_is_not_undone_by_an_expiry_timer_firing_during_the_hand_over() {
        Client c = h.req("dev").persistent(10).connect();
        c.subscribe("t", 1);
        c.lose();
        h.clock.advanceSeconds(9);

        ManualLane other = new ManualLane(h.clock, "lane1");
        other.pause();
        SessionHarness.Req r = h.req("dev").persistent(10).lane(other);
        FakeConnection conn = new FakeConnection(other);
        CompletableFuture<ConnectOutcome> f = h.registry.connect(r.request(), conn, r.info(),
                ClientAuthorizer.ALLOW_ALL, null);
        assertThat(f).isNotDone(); // attach is queued on the new lane
        h.clock.advanceSeconds(2); // the old expiry deadline passes meanwhile on the old lane
        other.resume();
        Client back = r.finish(f, conn);

        assertThat(back.outcome().sessionPresent()).isTrue();
        assertThat(back.session().isTerminated()).isFalse();
        assertThat(h.registry.get("dev")).isSameAs(back.session());
        h.publish("t", "still subscribed", 1);
        assertThat(back.payloads()).containsExactly("still subscribed");
        assertThat(other.failures()).isEmpty();
    }

    @Test
    void delayed_will_is_not_published_by_a_timer_firing_during_a_takeover_hand_over() {
        Client w = watcher();
        Client c = h.req("dev").will("will/dev", "gone", 5).persistent(3600).connect();
        c.lose();
        h.clock.advanceSeconds(4);

        ManualLane other = new ManualLane(h.clock, "lane1");
        other.pause();
        SessionHarness.Req r = h.req("dev").persistent(3600).lane(other);
        FakeConnection conn = new FakeConnection(other);
        CompletableFuture<ConnectOutcome> f = h.registry.connect(r.request(), conn, r.info(),
                ClientAuthorizer.ALLOW_ALL, null);
        h.clock.advanceSeconds(2);
        other.resume();
        r.finish(f, conn);
        assertThat(w.payloads()).as("a new connection within the will delay suppresses the will").isEmpty();
    }

    /**
     * Two CONNECTs with the same client id handled back to back on one event loop: the first one's attach is
     * still queued when the second (clean start) replaces its session. The first must not be attached to the
     * dead session (it would be told "connected" and its subscriptions would never leave the tree).
     */
    @Test
    void connection_whose_new_session_is_replaced_before_it_attached_is_refused() {
        ManualLane first = new ManualLane(h.clock, "lane1");
        first.pause();
        SessionHarness.Req r1 = h.req("dev").lane(first);
        FakeConnection c1 = new FakeConnection(first);
        CompletableFuture<ConnectOutcome> f1 = h.registry.connect(r1.request(), c1, r1.info(),
                ClientAuthorizer.ALLOW_ALL, null);
        Client second = h.req("dev").connect();
        first.resume();

        assertThat(f1).isDone();
        assertThat(f1.join().accepted()).isFalse();
        assertThat(f1.join().reasonCode()).isEqualTo(ReasonCodes.SESSION_TAKEN_OVER);
        assertThat(h.registry.get("dev")).isSameAs(second.session());
        assertThat(second.session().isOnline()).isTrue();
        assertThat(h.registry.size()).isEqualTo(1);
        assertThat(first.failures()).isEmpty();
    }

    @Test
    void resuming_connection_whose_session_is_replaced_before_it_attached_is_refused() {
        Client c = h.req("dev").persistent(3600).connect();
        c.lose();
        ManualLane first = new ManualLane(h.clock, "lane1");
        first.pause();
        SessionHarness.Req r1 = h.req("dev").persistent(3600).lane(first);
        FakeConnection c1 = new FakeConnection(first);
        CompletableFuture<ConnectOutcome> f1 = h.registry.connect(r1.request(), c1, r1.info(),
                ClientAuthorizer.ALLOW_ALL, null);
        Client second = h.req("dev").cleanStart(true).connect();
        first.resume();

        assertThat(f1.join().accepted()).isFalse();
        assertThat(h.registry.get("dev")).isSameAs(second.session());
        assertThat(c.session().isTerminated()).isTrue();
        assertThat(c.session().isOnline()).as("not attached to the ended session").isFalse();
        assertThat(first.failures()).isEmpty();
    }

    @Test
    void kick_closes_the_connection_and_detaches() {
        Client c = h.req("dev").persistent(3600).connect();
        c.session().kick(Disconnect.of(DisconnectReason.SERVER_SHUTDOWN,
                ReasonCodes.SERVER_SHUTTING_DOWN, "bye"));
        assertThat(c.conn().closes()).singleElement()
                .satisfies(d -> assertThat(d.reasonCode()).isEqualTo(ReasonCodes.SERVER_SHUTTING_DOWN));
        assertThat(c.session().isOnline()).isFalse();
        assertThat(h.registry.get("dev")).isNotNull();
    }

    // ------------------------------------------------------------------ shared subscriptions

    @Test
    void unacknowledged_shared_message_is_redispatched_when_its_member_disconnects() {
        Client a = h.req("a").persistent(3600).connect();
        Client b = h.req("b").persistent(3600).connect();
        a.subscribe("$share/g/jobs", 1);
        b.subscribe("$share/g/jobs", 1);
        h.publish("jobs", "j1", 1);
        h.publish("jobs", "j2", 1);
        assertThat(a.payloads()).hasSize(1);
        assertThat(b.payloads()).hasSize(1);
        String aGot = a.payloads().get(0);

        a.lose();
        assertThat(b.payloads()).hasSize(2).contains(aGot);
        assertThat(a.session().inflightCount()).isZero();
        a = h.req("a").persistent(3600).connect();
        assertThat(a.payloads()).as("not resent to the member that left").isEmpty();
    }

    @Test
    void shared_message_stays_with_its_member_when_no_other_member_exists() {
        Client a = h.req("a").persistent(3600).connect();
        a.subscribe("$share/g/jobs", 1);
        h.publish("jobs", "j1", 1);
        a.lose();
        Client back = h.req("a").persistent(3600).connect();
        assertThat(back.payloads()).containsExactly("j1");
    }

    @Test
    void shared_messages_queued_for_an_ending_session_go_to_another_member() {
        Client a = h.req("a").persistent(10).connect();
        Client b = h.req("b").persistent(3600).connect();
        a.subscribe("$share/g/jobs", 1);
        b.subscribe("$share/g/jobs", 1);
        a.lose();
        b.lose();
        for (int i = 0; i < 4; i++) {
            h.publish("jobs", "j" + i, 1); // both offline: queued with one of them
        }
        Client bBack = h.req("b").persistent(3600).connect();
        h.clock.advanceSeconds(10); // a's session ends
        assertThat(h.registry.get("a")).isNull();
        assertThat(bBack.payloads()).containsExactlyInAnyOrder("j0", "j1", "j2", "j3");
        assertThat(h.metrics.droppedCount(DropReason.SESSION_ENDED)).isZero();
    }

    @Test
    void messages_for_a_terminated_session_are_dropped_as_session_ended() {
        Client c = h.connect("dev");
        Session s = c.session();
        c.subscribe("t", 1);
        c.lose();
        s.deliver(new Delivery(SessionHarness.message("t", "late", 1, null), 1, false,
                null, null));
        assertThat(h.metrics.droppedCount(DropReason.SESSION_ENDED)).isEqualTo(1);
    }
}
