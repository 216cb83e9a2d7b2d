package dev.estuary.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.session.SessionHarness.Client;
import dev.estuary.core.testing.DenyingAuthorizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a connected client sends: PUBLISH (inbound QoS 2, MQTT 5.0 §4.3.3), SUBSCRIBE/UNSUBSCRIBE with their
 * reason codes (§3.9.3, §3.11.3), retained messages on subscribe (§3.3.1.3) and the ACL hooks.
 */
@Timeout(20)
class SessionInboundTest {
    private SessionHarness h = new SessionHarness();

    @AfterEach
    void lane_ran_every_task_without_failure() {
        h.assertLaneClean();
    }

    @Test
    void publish_without_subscribers_answers_no_matching_subscribers_and_counts_the_drop() {
        Client c = h.connect("pub");
        assertThat(c.publish("t", "x", 1, 1)).isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);
        assertThat(h.metrics.droppedCount(DropReason.NO_SUBSCRIBERS)).isEqualTo(1);
        assertThat(h.metrics.messagesIn(1)).isEqualTo(1);
    }

    @Test
    void inbound_qos2_resent_before_pubrel_is_acknowledged_but_not_routed_again() {
        Client sub = h.connect("sub");
        sub.subscribe("t", 2);
        Client pub = h.connect("pub");
        assertThat(pub.publish("t", "once", 2, 7)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(pub.publish("t", "once", 2, 7)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(sub.payloads()).containsExactly("once");
        assertThat(pub.session().awaitingRelCount()).isEqualTo(1);

        assertThat(pub.session().onPubrel(pub.conn(), 7)).isEqualTo(ReasonCodes.SUCCESS);
        assertThat(pub.session().onPubrel(pub.conn(), 7)).isEqualTo(ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND);
        assertThat(pub.publish("t", "again", 2, 7)).as("the id is free after PUBREL").isEqualTo(ReasonCodes.SUCCESS);
        assertThat(sub.payloads()).containsExactly("once", "again");
    }

    @Test
    void inbound_qos2_beyond_max_awaiting_rel_is_refused() {
        h = new SessionHarness(new MqttConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, 2, null, null, null, null));
        Client sub = h.connect("sub");
        sub.subscribe("t", 2);
        Client pub = h.connect("pub");
        assertThat(pub.publish("t", "1", 2, 1)).isZero();
        assertThat(pub.publish("t", "2", 2, 2)).isZero();
        assertThat(pub.publish("t", "3", 2, 3)).isEqualTo(ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED);
        assertThat(pub.publish("t", "1", 2, 1)).as("a resend of a known id is still fine").isZero();
        assertThat(sub.payloads()).containsExactly("1", "2");
        pub.session().onPubrel(pub.conn(), 1);
        assertThat(pub.publish("t", "3", 2, 3)).isZero();
    }

    @Test
    void publish_denied_by_the_acl_is_refused_not_routed_and_not_retained() {
        Client sub = h.connect("sub");
        sub.subscribe("#", 1);
        Client pub = h.req("pub").acl(new DenyingAuthorizer().denyPublish("secret/")).connect();
        Message m = Message.builder("secret/x").payload("p".getBytes(StandardCharsets.UTF_8)).qos(1).retain(true)
                .publisherId("pub").build();
        assertThat(pub.session().onPublish(pub.conn(), m, 1)).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
        assertThat(sub.payloads()).isEmpty();
        assertThat(h.retained.size()).isZero();
        assertThat(h.metrics.droppedCount(DropReason.NOT_AUTHORIZED)).isEqualTo(1);
        assertThat(pub.publish("public/x", "ok", 1, 2)).isZero();
        assertThat(sub.payloads()).containsExactly("ok");
    }

    @Test
    void denied_qos2_publish_does_not_occupy_an_awaiting_rel_slot() {
        Client pub = h.req("pub").acl(new DenyingAuthorizer().denyPublish("secret/")).connect();
        assertThat(pub.publish("secret/x", "p", 2, 1)).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
        assertThat(pub.session().awaitingRelCount()).isZero();
    }

    @Test
    void subscribe_denied_by_the_acl_answers_not_authorized() {
        Client c = h.req("c").acl(new DenyingAuthorizer().denySubscribe("secret/")).connect();
        List<Integer> codes = c.session().subscribe(c.conn(), List.of(
                new SubscribeRequest("secret/#", SessionHarness.opts(1, false, false, RetainHandling.SEND)),
                new SubscribeRequest("$share/g/secret/x", SessionHarness.opts(1, false, false, RetainHandling.SEND)),
                new SubscribeRequest("public/#", SessionHarness.opts(1, false, false, RetainHandling.SEND))), 0);
        assertThat(codes).containsExactly(ReasonCodes.NOT_AUTHORIZED, ReasonCodes.NOT_AUTHORIZED, 1);
        assertThat(h.tree.size()).isEqualTo(1);
        assertThat(c.session().subscriptions()).containsOnlyKeys("public/#");
    }

    @Test
    void message_the_acl_does_not_let_the_subscriber_receive_is_dropped() {
        Client c = h.req("c").acl(new DenyingAuthorizer().denyReceive("secret/")).connect();
        c.subscribe("#", 1);
        h.publish("secret/x", "no", 1);
        h.publish("public/x", "yes", 1);
        assertThat(c.payloads()).containsExactly("yes");
        assertThat(h.events.drops).filteredOn(d -> d.reason() == DropReason.NOT_AUTHORIZED)
                .extracting(d -> d.clientId()).containsExactly("c");
    }

    @Test
    void retained_message_the_acl_does_not_let_the_subscriber_receive_is_not_sent_on_subscribe() {
        h.publishRetained("secret/x", "no");
        Client c = h.req("c").acl(new DenyingAuthorizer().denyReceive("secret/")).connect();
        c.subscribe("#", 1);
        assertThat(c.payloads()).isEmpty();
    }

    @Test
    void subscribe_reason_codes_for_invalid_and_unsupported_filters() {
        h = new SessionHarness(new MqttConfig(null, null, null, null, 1, null, null, false, false, null, 2,
                null, null, null, null, null, null, null, null, null));
        Client c = h.connect("c");
        List<Integer> codes = c.session().subscribe(c.conn(), List.of(
                new SubscribeRequest("a/#/b", SessionHarness.opts(1, false, false, RetainHandling.SEND)),
                new SubscribeRequest("$share/g/a", SessionHarness.opts(1, false, false, RetainHandling.SEND)),
                new SubscribeRequest("a/+", SessionHarness.opts(1, false, false, RetainHandling.SEND)),
                new SubscribeRequest("a", SessionHarness.opts(2, false, false, RetainHandling.SEND)),
                new SubscribeRequest("b", SessionHarness.opts(0, false, false, RetainHandling.SEND)),
                new SubscribeRequest("c", SessionHarness.opts(0, false, false, RetainHandling.SEND)),
                new SubscribeRequest("a", SessionHarness.opts(0, false, false, RetainHandling.SEND))), 0);
        assertThat(codes).containsExactly(ReasonCodes.TOPIC_FILTER_INVALID,
                ReasonCodes.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, ReasonCodes.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED,
                1, // QoS 2 asked, max_qos_allowed 1
                0,
                ReasonCodes.QUOTA_EXCEEDED, // max_subscriptions 2
                0); // replacing an existing subscription is not a new one
        assertThat(h.tree.size()).isEqualTo(2);
    }

    @Test
    void unsubscribe_removes_the_subscription_and_reports_unknown_filters() {
        Client c = h.connect("c");
        c.subscribe("a/+", 1);
        c.subscribe("$share/g/b", 1);
        List<Integer> codes = c.session().unsubscribe(c.conn(), List.of("a/+", "a/+", "$share/g/b", "nope"));
        assertThat(codes).containsExactly(ReasonCodes.SUCCESS, ReasonCodes.NO_SUBSCRIPTION_EXISTED,
                ReasonCodes.SUCCESS, ReasonCodes.NO_SUBSCRIPTION_EXISTED);
        assertThat(h.tree.size()).isZero();
        assertThat(h.tree.filterCount()).isZero();
    }

    @Test
    void resubscribing_replaces_the_options() {
        Client c = h.connect("c");
        c.subscribe("t", 0);
        c.subscribe("t", 2);
        assertThat(h.tree.size()).isEqualTo(1);
        h.publish("t", "m", 2);
        assertThat(c.conn().publishes()).singleElement().satisfies(p -> assertThat(p.qos()).isEqualTo(2));
    }

    @Test
    void no_local_subscription_does_not_get_the_clients_own_messages() {
        Client c = h.connect("c");
        c.subscribe("t", SessionHarness.opts(1, true, false, RetainHandling.SEND), 0);
        Client other = h.connect("other");
        c.publish("t", "mine", 1, 1);
        other.publish("t", "theirs", 1, 1);
        assertThat(c.payloads()).containsExactly("theirs");
    }

    @Test
    void subscription_identifier_travels_with_the_delivery() {
        Client c = h.connect("c");
        c.subscribe("t/+", SessionHarness.opts(1, false, false, RetainHandling.SEND), 42);
        h.publish("t/1", "m", 1);
        assertThat(c.conn().publishes().get(0).subscriptionIds()).containsExactly(42);
    }

    @Test
    void retained_messages_are_sent_on_subscribe_with_the_retain_flag() {
        h.publishRetained("r/1", "one");
        h.publishRetained("r/2", "two");
        h.publishRetained("other", "x");
        Client c = h.connect("c");
        c.subscribe("r/+", SessionHarness.opts(1, false, false, RetainHandling.SEND), 7);
        assertThat(c.payloads()).containsExactlyInAnyOrder("one", "two");
        assertThat(c.conn().publishes()).allSatisfy(p -> {
            assertThat(p.retain()).isTrue();
            assertThat(p.qos()).isEqualTo(1);
            assertThat(p.subscriptionIds()).containsExactly(7);
        });
    }

    @Test
    void retain_handling_send_if_new_sends_only_for_a_new_subscription() {
        h.publishRetained("r", "one");
        Client c = h.connect("c");
        c.subscribe("r", SessionHarness.opts(1, false, false, RetainHandling.SEND_IF_NEW), 0);
        c.subscribe("r", SessionHarness.opts(1, false, false, RetainHandling.SEND_IF_NEW), 0);
        assertThat(c.payloads()).containsExactly("one");
        c.subscribe("r", SessionHarness.opts(1, false, false, RetainHandling.SEND), 0);
        assertThat(c.payloads()).containsExactly("one", "one");
    }

    @Test
    void retain_handling_dont_send_and_shared_subscriptions_get_no_retained_messages() {
        h.publishRetained("r", "one");
        Client c = h.connect("c");
        c.subscribe("r", SessionHarness.opts(1, false, false, RetainHandling.DONT_SEND), 0);
        c.subscribe("$share/g/r", SessionHarness.opts(1, false, false, RetainHandling.SEND), 0);
        assertThat(c.payloads()).isEmpty();
    }

    @Test
    void live_messages_keep_retain_only_with_retain_as_published() {
        Client plain = h.connect("plain");
        plain.subscribe("r", SessionHarness.opts(1, false, false, RetainHandling.DONT_SEND), 0);
        Client rap = h.connect("rap");
        rap.subscribe("r", SessionHarness.opts(1, false, true, RetainHandling.DONT_SEND), 0);
        h.publishRetained("r", "live");
        assertThat(plain.conn().publishes()).singleElement().satisfies(p -> assertThat(p.retain()).isFalse());
        assertThat(rap.conn().publishes()).singleElement().satisfies(p -> assertThat(p.retain()).isTrue());
    }

    @Test
    void retained_publish_from_a_client_is_stored_and_empty_payload_clears_it() {
        Client pub = h.connect("pub");
        Message m = Message.builder("r").payload("v".getBytes(StandardCharsets.UTF_8)).qos(1).retain(true)
                .publisherId("pub").build();
        pub.session().onPublish(pub.conn(), m, 1);
        assertThat(h.retained.get("r")).isSameAs(m);
        pub.session().onPublish(pub.conn(), Message.builder("r").qos(1).retain(true).build(), 2);
        assertThat(h.retained.get("r")).isNull();
    }

    @Test
    void calls_from_a_connection_that_is_not_attached_are_ignored() {
        Client c = h.req("c").persistent(3600).connect();
        c.subscribe("t", 1);
        c.lose();
        assertThat(c.publish("t", "x", 1, 1)).isEqualTo(-1);
        assertThat(c.session().subscribe(c.conn(), List.of(new SubscribeRequest("u",
                SessionHarness.opts(0, false, false, RetainHandling.SEND))), 0)).isEmpty();
        assertThat(c.session().unsubscribe(c.conn(), List.of("t"))).isEmpty();
        assertThat(c.session().onPubrel(c.conn(), 1)).isEqualTo(-1);
        assertThat(c.session().onPubrec(c.conn(), 1, 0)).isEqualTo(-1);
        assertThat(c.session().subscriptions()).containsOnlyKeys("t");
    }
}
