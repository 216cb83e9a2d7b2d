package dev.estuary.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routing decisions: overlapping subscriptions of one client merged into one delivery (MQTT 5.0 §3.3.4), no-local
 * and bridge loop prevention, one member per shared group, and redispatch.
 */
@Timeout(10)
class DefaultRouterTest {
    private final TopicTree tree = new TopicTree();
    private final DefaultRouter router = new DefaultRouter(tree);

    private static Message msg(String topic, int qos, boolean retain, String publisher) {
        return Message.builder(topic).qos(qos).retain(retain).publisherId(publisher).build();
    }

    private static Subscription sub(TestSubscriber s, String filter, int qos, boolean noLocal, boolean rap, int id) {
        return new Subscription(s, filter, null, new SubscriptionOptions(qos, noLocal, rap, RetainHandling.SEND), id);
    }

    @Test
    void no_subscribers_means_zero_deliveries() {
        assertThat(router.route(msg("a", 1, false, "p"))).isZero();
        assertThat(router.index()).isSameAs(tree);
    }

    @Test
    void single_subscription_gets_the_lower_qos_and_its_subscription_id() {
        TestSubscriber s = new TestSubscriber("s");
        tree.add(sub(s, "a/+", 1, false, false, 5));
        assertThat(router.route(msg("a/b", 2, false, "p"))).isEqualTo(1);
        Delivery d = s.deliveries.get(0);
        assertThat(d.qos()).isEqualTo(1);
        assertThat(d.subscriptionIds()).containsExactly(5);
        assertThat(d.retainFlag()).isFalse();
        assertThat(d.sharedGroup()).isNull();
    }

    @Test
    void overlapping_subscriptions_of_one_client_are_merged_into_one_delivery() {
        TestSubscriber s = new TestSubscriber("s");
        TestSubscriber other = new TestSubscriber("o");
        tree.add(sub(s, "a/+", 0, false, false, 1));
        tree.add(sub(s, "a/#", 2, false, false, 2));
        tree.add(sub(s, "#", 1, false, true, 0));
        tree.add(sub(other, "a/b", 1, false, false, 9));
        assertThat(router.route(msg("a/b", 2, true, "p"))).isEqualTo(2);

        assertThat(s.deliveries).singleElement().satisfies(d -> {
            assertThat(d.qos()).as("the highest granted QoS").isEqualTo(2);
            assertThat(d.subscriptionIds()).containsExactlyInAnyOrder(1, 2);
            assertThat(d.retainFlag()).as("one subscription asked for retain-as-published").isTrue();
        });
        assertThat(other.deliveries).singleElement().satisfies(d -> {
            assertThat(d.qos()).isEqualTo(1);
            assertThat(d.subscriptionIds()).containsExactly(9);
            assertThat(d.retainFlag()).isFalse();
        });
    }

    @Test
    void merged_qos_never_exceeds_the_published_qos() {
        TestSubscriber s = new TestSubscriber("s");
        tree.add(sub(s, "a/+", 2, false, false, 0));
        tree.add(sub(s, "a/#", 1, false, false, 0));
        router.route(msg("a/b", 0, false, "p"));
        assertThat(s.deliveries).singleElement().satisfies(d -> {
            assertThat(d.qos()).isZero();
            assertThat(d.subscriptionIds()).isEmpty();
        });
    }

    @Test
    void no_local_subscription_skips_the_publishers_own_message() {
        TestSubscriber self = new TestSubscriber("me");
        tree.add(sub(self, "a", 1, true, false, 0));
        assertThat(router.route(msg("a", 1, false, "me"))).isZero();
        assertThat(router.route(msg("a", 1, false, "you"))).isEqualTo(1);
        assertThat(router.route(msg("a", 1, false, null))).as("broker messages have no publisher").isEqualTo(1);
        assertThat(self.deliveries).hasSize(2);
    }

    @Test
    void no_local_on_one_of_two_overlapping_subscriptions_keeps_the_other() {
        TestSubscriber self = new TestSubscriber("me");
        tree.add(sub(self, "a", 1, true, false, 1));
        tree.add(sub(self, "#", 0, false, false, 2));
        router.route(msg("a", 1, false, "me"));
        assertThat(self.deliveries).singleElement().satisfies(d -> {
            assertThat(d.qos()).isZero();
            assertThat(d.subscriptionIds()).containsExactly(2);
        });
    }

    @Test
    void bridge_never_gets_back_what_it_published() {
        TestSubscriber bridge = new TestSubscriber("bridge");
        bridge.bridge = true;
        TestSubscriber plain = new TestSubscriber("plain");
        tree.add(sub(bridge, "#", 1, false, false, 0));
        tree.add(sub(plain, "#", 1, false, false, 0));
        assertThat(router.route(msg("x", 1, false, "bridge"))).isEqualTo(1);
        assertThat(bridge.deliveries).isEmpty();
        assertThat(router.route(msg("x", 1, false, "plain"))).isEqualTo(2);
        assertThat(bridge.deliveries).hasSize(1);
        assertThat(plain.deliveries).as("no-local is not implied for ordinary clients").hasSize(2);
    }

    @Test
    void each_shared_group_delivers_to_exactly_one_member() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        TestSubscriber c = new TestSubscriber("c");
        tree.add(a.shared("g1", "jobs/#"));
        tree.add(b.shared("g1", "jobs/#"));
        tree.add(c.shared("g2", "jobs/#"));
        tree.add(sub(a, "jobs/+", 0, false, false, 0));
        for (int i = 0; i < 10; i++) {
            assertThat(router.route(msg("jobs/" + i, 1, false, "p"))).isEqualTo(3);
        }
        long g1 = a.deliveries.stream().filter(d -> d.sharedGroup() != null).count() + b.deliveries.size();
        assertThat(g1).isEqualTo(10);
        assertThat(c.deliveries).hasSize(10).allSatisfy(d -> assertThat(d.sharedGroup().name()).isEqualTo("g2"));
        assertThat(a.deliveries.stream().filter(d -> d.sharedGroup() == null).count())
                .as("a's own subscription is not merged with its share").isEqualTo(10);
    }

    @Test
    void redispatch_hands_a_shared_delivery_to_another_member() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        tree.add(a.shared("g", "t"));
        tree.add(b.shared("g", "t"));
        router.route(msg("t", 1, false, "p"));
        TestSubscriber got = a.deliveries.isEmpty() ? b : a;
        TestSubscriber otherMember = got == a ? b : a;
        Delivery d = got.deliveries.get(0);
        assertThat(router.redispatch(d, got)).isTrue();
        assertThat(otherMember.deliveries).singleElement().satisfies(r -> {
            assertThat(r.message()).isSameAs(d.message());
            assertThat(r.sharedGroup()).isSameAs(d.sharedGroup());
        });
    }

    @Test
    void redispatch_fails_without_another_member_or_for_a_normal_delivery() {
        TestSubscriber a = new TestSubscriber("a");
        tree.add(a.shared("g", "t"));
        tree.add(sub(a, "t", 1, false, false, 0));
        router.route(msg("t", 1, false, "p"));
        assertThat(a.deliveries).hasSize(2);
        for (Delivery d : a.deliveries) {
            assertThat(router.redispatch(d, a)).isFalse();
        }
    }

    @Test
    void route_called_from_inside_a_delivery_does_not_corrupt_the_outer_match() {
        TestSubscriber inner = new TestSubscriber("inner");
        tree.add(sub(inner, "inner", 0, false, false, 0));
        TestSubscriber outer1 = new TestSubscriber("o1") {
            @Override
            public void deliver(Delivery delivery) {
                super.deliver(delivery);
                router.route(msg("inner", 0, false, null)); // e.g. a hook publishing synchronously
            }
        };
        TestSubscriber outer2 = new TestSubscriber("o2");
        tree.add(sub(outer1, "outer", 0, false, false, 0));
        tree.add(sub(outer2, "outer", 0, false, false, 0));
        assertThat(router.route(msg("outer", 0, false, null))).isEqualTo(2);
        assertThat(outer1.deliveries).hasSize(1);
        assertThat(outer2.deliveries).hasSize(1);
        assertThat(inner.deliveries).hasSize(1);
    }
}
