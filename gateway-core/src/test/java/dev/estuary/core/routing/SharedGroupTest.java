package dev.estuary.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.message.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Member choice in a shared subscription group, per {@link ShareStrategy}. */
@Timeout(10)
class SharedGroupTest {
    private static Message msg(String topic, String publisher) {
        return Message.builder(topic).qos(1).publisherId(publisher).build();
    }

    private static SharedGroup group(ShareStrategy strategy, TestSubscriber... members) {
        SharedGroup g = new SharedGroup("g", "t/#", strategy);
        for (TestSubscriber m : members) {
            assertThat(g.put(m.shared("g", "t/#"))).isTrue();
        }
        return g;
    }

    private static String pick(SharedGroup g, Message m) {
        Subscription s = g.pick(m, null);
        return s == null ? null : s.subscriber().clientId();
    }

    @Test
    void round_robin_takes_members_in_turn() {
        SharedGroup g = group(ShareStrategy.ROUND_ROBIN, new TestSubscriber("a"), new TestSubscriber("b"),
                new TestSubscriber("c"));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(pick(g, msg("t/1", "p")));
        }
        assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void round_robin_skips_offline_members() {
        SharedGroup g = group(ShareStrategy.ROUND_ROBIN, new TestSubscriber("a"), TestSubscriber.offline("b"),
                new TestSubscriber("c"));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            counts.merge(pick(g, msg("t/1", "p")), 1, Integer::sum);
        }
        assertThat(counts).doesNotContainKey("b").containsKeys("a", "c");
    }

    @Test
    void random_reaches_every_online_member_and_no_offline_one() {
        SharedGroup g = group(ShareStrategy.RANDOM, new TestSubscriber("a"), new TestSubscriber("b"),
                new TestSubscriber("c"), TestSubscriber.offline("d"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(pick(g, msg("t/1", "p")));
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void sticky_keeps_one_member_until_it_goes_offline_or_leaves() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        TestSubscriber c = new TestSubscriber("c");
        SharedGroup g = group(ShareStrategy.STICKY, a, b, c);
        String first = pick(g, msg("t/1", "p"));
        for (int i = 0; i < 10; i++) {
            assertThat(pick(g, msg("t/" + i, "p" + i))).isEqualTo(first);
        }
        TestSubscriber firstSub = first.equals("a") ? a : first.equals("b") ? b : c;
        firstSub.online = false;
        String second = pick(g, msg("t/1", "p"));
        assertThat(second).isNotEqualTo(first);
        firstSub.online = true;
        assertThat(pick(g, msg("t/1", "p"))).as("stays with the new choice").isEqualTo(second);
        TestSubscriber secondSub = second.equals("a") ? a : second.equals("b") ? b : c;
        g.remove(secondSub);
        String third = pick(g, msg("t/1", "p"));
        assertThat(third).isNotEqualTo(second);
        assertThat(pick(g, msg("t/2", "q"))).isEqualTo(third);
    }

    @Test
    void hash_clientid_sends_one_publisher_to_one_member_and_spreads_publishers() {
        SharedGroup g = group(ShareStrategy.HASH_CLIENTID, new TestSubscriber("a"), new TestSubscriber("b"),
                new TestSubscriber("c"));
        Set<String> chosen = new HashSet<>();
        for (int p = 0; p < 50; p++) {
            String first = pick(g, msg("t/0", "pub" + p));
            for (int i = 1; i < 5; i++) {
                assertThat(pick(g, msg("t/" + i, "pub" + p))).isEqualTo(first);
            }
            chosen.add(first);
        }
        assertThat(chosen).hasSize(3);
        assertThat(pick(g, msg("t/0", null))).as("broker messages have no publisher").isNotNull();
    }

    @Test
    void hash_topic_sends_one_topic_to_one_member_and_spreads_topics() {
        SharedGroup g = group(ShareStrategy.HASH_TOPIC, new TestSubscriber("a"), new TestSubscriber("b"),
                new TestSubscriber("c"));
        Set<String> chosen = new HashSet<>();
        for (int t = 0; t < 50; t++) {
            String first = pick(g, msg("t/" + t, "p0"));
            for (int p = 1; p < 5; p++) {
                assertThat(pick(g, msg("t/" + t, "p" + p))).isEqualTo(first);
            }
            chosen.add(first);
        }
        assertThat(chosen).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(ShareStrategy.class)
    void every_strategy_prefers_online_members(ShareStrategy strategy) {
        SharedGroup g = group(strategy, TestSubscriber.offline("a"), TestSubscriber.offline("b"),
                new TestSubscriber("c"), TestSubscriber.offline("d"));
        for (int i = 0; i < 40; i++) {
            assertThat(pick(g, msg("t/" + i, "p" + i))).isEqualTo("c");
        }
    }

    @ParameterizedTest
    @EnumSource(ShareStrategy.class)
    void every_strategy_falls_back_to_an_offline_member_when_none_is_online(ShareStrategy strategy) {
        SharedGroup g = group(strategy, TestSubscriber.offline("a"), TestSubscriber.offline("b"));
        for (int i = 0; i < 10; i++) {
            assertThat(pick(g, msg("t/" + i, "p" + i))).isIn("a", "b");
        }
    }

    @ParameterizedTest
    @EnumSource(ShareStrategy.class)
    void every_strategy_honours_the_exclusion_on_redispatch(ShareStrategy strategy) {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = TestSubscriber.offline("b");
        SharedGroup g = group(strategy, a, b);
        for (int i = 0; i < 20; i++) {
            Subscription s = g.pick(msg("t/" + i, "p" + i), a);
            assertThat(s.subscriber()).as("only the excluded member is online: fall back to b").isSameAs(b);
        }
        SharedGroup alone = group(strategy, a);
        assertThat(alone.pick(msg("t/1", "p"), a)).isNull();
    }

    @ParameterizedTest
    @EnumSource(ShareStrategy.class)
    void empty_group_picks_nobody(ShareStrategy strategy) {
        SharedGroup g = new SharedGroup("g", "t", strategy);
        assertThat(g.pick(msg("t", "p"), null)).isNull();
        TestSubscriber a = new TestSubscriber("a");
        g.put(a.shared("g", "t"));
        g.remove(a);
        assertThat(g.isEmpty()).isTrue();
        assertThat(g.pick(msg("t", "p"), null)).isNull();
    }

    @Test
    void putting_a_member_again_replaces_its_subscription() {
        TestSubscriber a = new TestSubscriber("a");
        SharedGroup g = new SharedGroup("g", "t", ShareStrategy.ROUND_ROBIN);
        assertThat(g.put(new Subscription(a, "t", "g", SubscriptionOptions.qos(0), 1))).isTrue();
        assertThat(g.put(new Subscription(a, "t", "g", SubscriptionOptions.qos(2), 2))).isFalse();
        assertThat(g.size()).isEqualTo(1);
        assertThat(g.pick(msg("t", "p"), null).subscriptionId()).isEqualTo(2);
        assertThat(g.remove(new TestSubscriber("a"))).as("membership is by identity").isFalse();
        assertThat(g.remove(a)).isTrue();
    }

    @Test
    void strategies_parse_from_their_configuration_names() {
        for (ShareStrategy s : ShareStrategy.values()) {
            assertThat(ShareStrategy.parse(s.configName())).isSameAs(s);
            assertThat(ShareStrategy.parse(" " + s.configName().toUpperCase() + " ")).isSameAs(s);
        }
        assertThatThrownBy(() -> ShareStrategy.parse("fastest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round_robin");
    }
}
