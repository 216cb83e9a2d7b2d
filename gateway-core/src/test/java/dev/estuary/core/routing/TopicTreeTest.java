package dev.estuary.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The subscription trie: matching, bookkeeping, pruning and concurrent use. */
@Timeout(30)
class TopicTreeTest {
    private final TopicTree tree = new TopicTree();

    /** Collects matches as "filter" for subscriptions and "group:filter" for shared groups. */
    private static final class Matches implements MatchCollector {
        final List<Subscription> subs = new ArrayList<>();
        final List<SharedGroup> groups = new ArrayList<>();

        @Override
        public void onSubscription(Subscription subscription) {
            subs.add(subscription);
        }

        @Override
        public void onSharedGroup(SharedGroup group) {
            groups.add(group);
        }

        Set<String> filters() {
            Set<String> out = new HashSet<>();
            subs.forEach(s -> out.add(s.topicFilter()));
            groups.forEach(g -> out.add(g.name() + ":" + g.filter()));
            return out;
        }
    }

    private Matches match(String topic) {
        Matches m = new Matches();
        tree.match(topic, m);
        return m;
    }

    @Test
    void exact_and_wildcard_filters_match_a_topic_once_each() {
        TestSubscriber s = new TestSubscriber("c");
        for (String f : List.of("a/b/c", "a/+/c", "a/#", "#", "+/+/+", "a/b/+", "a/b/c/#", "+/#", "a/b", "b/#")) {
            assertThat(tree.add(s.sub(f))).isTrue();
        }
        Matches m = match("a/b/c");
        assertThat(m.subs).extracting(Subscription::topicFilter)
                .containsExactlyInAnyOrder("a/b/c", "a/+/c", "a/#", "#", "+/+/+", "a/b/+", "a/b/c/#", "+/#");
    }

    @Test
    void parent_hash_filter_matches_the_parent_level_itself() {
        TestSubscriber s = new TestSubscriber("c");
        tree.add(s.sub("a/#"));
        tree.add(s.sub("+/#"));
        tree.add(s.sub("a/b/#"));
        assertThat(match("a").filters()).containsExactlyInAnyOrder("a/#", "+/#");
        assertThat(match("a/").filters()).containsExactlyInAnyOrder("a/#", "+/#");
    }

    @Test
    void plus_matches_an_empty_level() {
        TestSubscriber s = new TestSubscriber("c");
        tree.add(s.sub("a/+"));
        tree.add(s.sub("+/b"));
        tree.add(s.sub("+/+"));
        assertThat(match("a/").filters()).containsExactlyInAnyOrder("a/+", "+/+");
        assertThat(match("/b").filters()).containsExactlyInAnyOrder("+/b", "+/+");
        assertThat(match("/").filters()).containsExactlyInAnyOrder("+/+");
        assertThat(match("a").filters()).isEmpty();
    }

    @Test
    void dollar_topics_are_not_matched_by_leading_wildcards() {
        TestSubscriber s = new TestSubscriber("c");
        for (String f : List.of("#", "+/broker", "+/#", "+", "$SYS/#", "$SYS/+", "$SYS/broker")) {
            tree.add(s.sub(f));
        }
        tree.add(new TestSubscriber("g").shared("grp", "#"));
        assertThat(match("$SYS/broker").filters()).containsExactlyInAnyOrder("$SYS/#", "$SYS/+", "$SYS/broker");
        assertThat(match("$SYS").filters()).containsExactlyInAnyOrder("$SYS/#");
        assertThat(match("a/broker").filters()).containsExactlyInAnyOrder("#", "+/broker", "+/#", "grp:#");
        // '$' further down is an ordinary character
        assertThat(match("x/$SYS").filters()).containsExactlyInAnyOrder("#", "+/#", "grp:#");
    }

    @Test
    void hash_does_not_match_across_a_missing_separator() {
        TestSubscriber s = new TestSubscriber("c");
        tree.add(s.sub("a/#"));
        assertThat(match("ab").filters()).isEmpty();
        assertThat(match("b/a").filters()).isEmpty();
    }

    @Test
    void adding_again_replaces_the_subscription_without_counting_it_twice() {
        TestSubscriber s = new TestSubscriber("c");
        assertThat(tree.add(s.sub("a/b", 0))).isTrue();
        assertThat(tree.add(s.sub("a/b", 2))).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.filterCount()).isEqualTo(1);
        assertThat(match("a/b").subs).singleElement().satisfies(sub -> assertThat(sub.options().qos()).isEqualTo(2));
    }

    @Test
    void size_counts_subscriptions_and_filter_count_counts_distinct_filters() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        tree.add(a.sub("x/y"));
        tree.add(b.sub("x/y"));
        tree.add(a.sub("x/#"));
        tree.add(a.shared("g", "x/y"));
        tree.add(b.shared("g", "x/y"));
        tree.add(b.shared("h", "z"));
        assertThat(tree.size()).isEqualTo(6);
        assertThat(tree.filterCount()).isEqualTo(3); // x/y (normal and shared), x/#, z

        assertThat(tree.remove(a, "x/y", null)).isTrue();
        assertThat(tree.remove(a, "x/y", null)).isFalse();
        assertThat(tree.size()).isEqualTo(5);
        assertThat(tree.filterCount()).isEqualTo(3);
        assertThat(tree.remove(b, "x/y", null)).isTrue();
        assertThat(tree.filterCount()).isEqualTo(3); // the shared group still holds x/y
        assertThat(tree.remove(a, "x/y", "g")).isTrue();
        assertThat(tree.remove(b, "x/y", "g")).isTrue();
        assertThat(tree.filterCount()).isEqualTo(2);
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void removing_an_unknown_subscription_changes_nothing() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        tree.add(a.sub("x/y"));
        assertThat(tree.remove(b, "x/y", null)).isFalse();
        assertThat(tree.remove(a, "x/y/z", null)).isFalse();
        assertThat(tree.remove(a, "x", null)).isFalse();
        assertThat(tree.remove(a, "x/y", "g")).isFalse();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.nodeCount()).isEqualTo(2);
    }

    @Test
    void shared_groups_live_at_their_filter_node_and_are_reported_once() {
        TestSubscriber a = new TestSubscriber("a");
        TestSubscriber b = new TestSubscriber("b");
        tree.add(a.shared("g", "s/+"));
        tree.add(b.shared("g", "s/+"));
        tree.add(a.shared("h", "s/+"));
        tree.add(a.shared("g", "s/#"));
        Matches m = match("s/1");
        assertThat(m.subs).isEmpty();
        assertThat(m.groups).extracting(g -> g.name() + ":" + g.filter() + ":" + g.size())
                .containsExactlyInAnyOrder("g:s/+:2", "h:s/+:1", "g:s/#:1");
    }

    @Test
    void removing_the_last_member_removes_the_group() {
        TestSubscriber a = new TestSubscriber("a");
        tree.add(a.shared("g", "s"));
        tree.remove(a, "s", "g");
        assertThat(match("s").groups).isEmpty();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void removing_everything_prunes_every_node() {
        List<TestSubscriber> subs = new ArrayList<>();
        List<String> filters = List.of("a/b/c", "a/b", "a/+/c/#", "#", "+", "a//b", "/", "x/y/z/w/v", "$SYS/#");
        for (int i = 0; i < 5; i++) {
            TestSubscriber s = new TestSubscriber("c" + i);
            subs.add(s);
            for (String f : filters) {
                tree.add(s.sub(f));
                tree.add(s.shared("g" + (i % 2), f));
            }
        }
        assertThat(tree.nodeCount()).isGreaterThan(10);
        for (TestSubscriber s : subs) {
            for (String f : filters) {
                assertThat(tree.remove(s, f, null)).isTrue();
                assertThat(tree.remove(s, f, "g" + (subs.indexOf(s) % 2))).isTrue();
            }
        }
        assertThat(tree.size()).isZero();
        assertThat(tree.filterCount()).isZero();
        assertThat(tree.nodeCount()).isZero();
        assertThat(match("a/b/c").filters()).isEmpty();
    }

    @Test
    void thousands_of_sibling_levels_are_found_after_growth_and_removals() {
        TestSubscriber s = new TestSubscriber("c");
        for (int i = 0; i < 5000; i++) {
            tree.add(s.sub("site/" + i + "/temp"));
        }
        for (int i = 0; i < 5000; i += 2) {
            assertThat(tree.remove(s, "site/" + i + "/temp", null)).isTrue();
        }
        for (int i = 0; i < 5000; i += 4) {
            tree.add(s.sub("site/" + i + "/temp")); // back into a table with deleted slots
        }
        for (int i = 0; i < 5000; i++) {
            boolean expected = i % 2 == 1 || i % 4 == 0;
            assertThat(match("site/" + i + "/temp").filters()).as("site/%d/temp", i)
                    .isEqualTo(expected ? Set.of("site/" + i + "/temp") : Set.of());
        }
        assertThat(match("site/5000/temp").filters()).isEmpty();
        assertThat(match("site/1").filters()).isEmpty();
        assertThat(tree.size()).isEqualTo(2500 + 1250);
    }

    @Test
    void pruning_keeps_nodes_that_still_have_children_or_subscriptions() {
        TestSubscriber s = new TestSubscriber("c");
        tree.add(s.sub("a/b/c"));
        tree.add(s.sub("a"));
        tree.remove(s, "a/b/c", null);
        assertThat(tree.nodeCount()).isEqualTo(1); // only "a" is left
        assertThat(match("a").filters()).containsExactly("a");
        tree.add(s.sub("a/b/c"));
        tree.remove(s, "a", null);
        assertThat(tree.nodeCount()).isEqualTo(3);
        assertThat(match("a/b/c").filters()).containsExactly("a/b/c");
    }

    // ------------------------------------------------------------------ agreement with Topics.matches

    private static final String[] LEVELS = {"a", "b", "c", "", "$x", "ab"};

    private static String randomTopic(Random r) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(LEVELS[r.nextInt(LEVELS.length)]);
        }
        return sb.toString();
    }

    private static String randomFilter(Random r) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int pick = r.nextInt(10);
            if (pick < 3) {
                sb.append('+');
            } else if (pick == 3 && i == n - 1) {
                sb.append('#');
            } else {
                sb.append(LEVELS[r.nextInt(LEVELS.length)]);
            }
        }
        return sb.toString();
    }

    @Test
    void tree_match_agrees_with_single_filter_matching_on_random_topics_and_filters() {
        Random r = new Random(20_240_611L);
        Set<String> filters = new HashSet<>();
        while (filters.size() < 400) {
            String f = randomFilter(r);
            if (f.isEmpty()) {
                continue;
            }
            Topics.checkFilter(f, TopicLimits.DEFAULT);
            filters.add(f);
        }
        TestSubscriber s = new TestSubscriber("c");
        TestSubscriber t = new TestSubscriber("t");
        for (String f : filters) {
            tree.add(s.sub(f));
            tree.add(t.shared("g", f));
        }
        int checkedNonEmpty = 0;
        for (int i = 0; i < 3000; i++) {
            String topic = randomTopic(r);
            if (topic.isEmpty()) {
                continue;
            }
            Set<String> expected = filters.stream().filter(f -> Topics.matches(f, topic)).collect(Collectors.toSet());
            Matches m = match(topic);
            Set<String> actual = m.subs.stream().map(Subscription::topicFilter).collect(Collectors.toSet());
            assertThat(actual).as("topic '%s'", topic).isEqualTo(expected);
            assertThat(m.subs).as("no duplicates for '%s'", topic).hasSize(expected.size());
            assertThat(m.groups.stream().map(SharedGroup::filter).collect(Collectors.toSet()))
                    .as("shared groups for '%s'", topic).isEqualTo(expected);
            if (!expected.isEmpty()) {
                checkedNonEmpty++;
            }
        }
        assertThat(checkedNonEmpty).as("the generator must produce matching pairs").isGreaterThan(1000);
    }

    // ------------------------------------------------------------------ concurrency

    /**
     * Writers add and remove subscriptions on overlapping branches (so that pruning keeps racing with adds) while
     * readers match. Every add must be visible to a match right after it returns (an add attached to a node being
     * pruned would be lost), every remove must be gone, and at the end the tree holds exactly what each writer
     * left in it.
     */
    @Test
    void concurrent_adds_removes_and_matches_keep_the_tree_consistent() throws Exception {
        int writers = 4;
        int opsPerWriter = 2000;
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> filters = List.of("p/q/r", "p/q/r/s", "p/q", "p/+/r", "p/#", "p/q/+/s", "p/x/r", "+/q/r");
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            Set<Subscription> expected = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    Random r = new Random(id);
                    TestSubscriber[] mine = {new TestSubscriber("w" + id + "a"), new TestSubscriber("w" + id + "b")};
                    Set<Subscription> held = new HashSet<>();
                    start.await();
                    int ops = 0;
                    while (ops < opsPerWriter) {
                        TestSubscriber s = mine[r.nextInt(mine.length)];
                        String f = filters.get(r.nextInt(filters.size()));
                        String group = r.nextInt(4) == 0 ? "g" + r.nextInt(2) : null;
                        Subscription sub = new Subscription(s, f, group, SubscriptionOptions.qos(0), 0);
                        String topic = f.replace("+", "z").replace("#", "z");
                        if (held.contains(sub)) {
                            assertThat(tree.remove(s, f, group)).isTrue();
                            held.remove(sub);
                            assertThat(contains(topic, sub)).as("removed %s", sub).isFalse();
                        } else {
                            assertThat(tree.add(sub)).isTrue();
                            held.add(sub);
                            assertThat(contains(topic, sub)).as("added %s", sub).isTrue();
                        }
                        ops++;
                    }
                    expected.addAll(held);
                    return ops;
                }));
            }
            for (int m = 0; m < 2; m++) {
                pool.submit(() -> {
                    start.await();
                    while (writing.get()) {
                        tree.match("p/q/r/s", new Matches());
                        tree.match("p/q/r", new Matches());
                    }
                    return null;
                });
            }
            start.countDown();
            int total = 0;
            try {
                for (Future<Integer> f : results) {
                    total += f.get(20, TimeUnit.SECONDS);
                }
            } finally {
                writing.set(false);
            }
            assertThat(total).isEqualTo(writers * opsPerWriter);

            assertThat(new HashSet<>(tree.subscriptions())).isEqualTo(expected);
            assertThat(tree.size()).isEqualTo(expected.size());
            assertThat(tree.filterCount()).isEqualTo(expected.stream().map(Subscription::topicFilter).distinct().count());

            for (Subscription s : expected) {
                assertThat(tree.remove(s.subscriber(), s.topicFilter(), s.shareGroup())).isTrue();
            }
            assertThat(tree.size()).isZero();
            assertThat(tree.filterCount()).isZero();
            assertThat(tree.nodeCount()).isZero();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Matches {@code topic} and reports whether {@code sub} (or its group membership) was found. */
    private boolean contains(String topic, Subscription sub) {
        Matches m = match(topic);
        if (sub.isShared()) {
            return m.groups.stream().anyMatch(g -> g.name().equals(sub.shareGroup())
                    && g.filter().equals(sub.topicFilter()) && g.members().contains(sub));
        }
        return m.subs.contains(sub);
    }
}
