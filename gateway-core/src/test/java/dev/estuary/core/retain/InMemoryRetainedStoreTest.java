package dev.estuary.core.retain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

/** Retained messages (MQTT 5.0 §3.3.1.3): set, replace, clear, wildcard lookup, expiry and pruning. */
@Timeout(30)
class InMemoryRetainedStoreTest {
    private static final long NOW = 1_000_000L;
    private final InMemoryRetainedStore store = new InMemoryRetainedStore();

    private static Message msg(String topic, String payload) {
        return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(1).retain(true).build();
    }

    private static Message expiring(String topic, String payload, long expiresAt) {
        return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(1).retain(true)
                .createdAtMillis(NOW).expiresAtMillis(expiresAt).build();
    }

    private List<String> match(String filter) {
        return match(filter, NOW);
    }

    private List<String> match(String filter, long now) {
        List<String> out = new ArrayList<>();
        store.match(filter, now, m -> out.add(m.topic()));
        return out;
    }

    @Test
    void put_stores_and_replaces_the_message_of_a_topic() {
        Message first = msg("a/b", "1");
        Message second = msg("a/b", "2");
        store.put(first);
        assertThat(store.get("a/b")).isSameAs(first);
        store.put(second);
        assertThat(store.get("a/b")).isSameAs(second);
        assertThat(store.size()).isEqualTo(1);
        List<Message> matched = new ArrayList<>();
        store.match("a/+", NOW, matched::add);
        assertThat(matched).containsExactly(second);
    }

    @Test
    void empty_payload_clears_the_topic() {
        store.put(msg("a/b", "1"));
        store.put(msg("a/b/c", "2"));
        store.put(Message.builder("a/b").retain(true).build());
        assertThat(store.get("a/b")).isNull();
        assertThat(store.size()).isEqualTo(1);
        assertThat(match("a/#")).containsExactly("a/b/c");
        store.put(Message.builder("never/set").retain(true).build()); // clearing nothing is fine
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void remove_reports_whether_there_was_a_message() {
        store.put(msg("a", "1"));
        assertThat(store.remove("a")).isTrue();
        assertThat(store.remove("a")).isFalse();
        assertThat(store.remove("x/y")).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    void wildcard_filters_find_the_matching_topics() {
        for (String t : List.of("a", "a/b", "a/c", "a/b/c", "a//c", "a/", "b/b", "/a")) {
            store.put(msg(t, t));
        }
        assertThat(match("a/+")).containsExactlyInAnyOrder("a/b", "a/c", "a/");
        assertThat(match("a/#")).containsExactlyInAnyOrder("a", "a/b", "a/c", "a/b/c", "a//c", "a/");
        assertThat(match("+/b")).containsExactlyInAnyOrder("a/b", "b/b");
        assertThat(match("+/+/c")).containsExactlyInAnyOrder("a/b/c", "a//c");
        assertThat(match("#")).hasSize(8);
        assertThat(match("+")).containsExactlyInAnyOrder("a");
        assertThat(match("+/#")).hasSize(8);
        assertThat(match("/+")).containsExactlyInAnyOrder("/a");
        assertThat(match("a/b")).containsExactly("a/b");
        assertThat(match("a/x")).isEmpty();
    }

    @Test
    void leading_wildcards_do_not_match_dollar_topics() {
        store.put(msg("$SYS/broker/uptime", "1"));
        store.put(msg("$SYS", "0"));
        store.put(msg("a/$b", "2"));
        assertThat(match("#")).containsExactly("a/$b");
        assertThat(match("+/broker/uptime")).isEmpty();
        assertThat(match("+")).isEmpty();
        assertThat(match("$SYS/#")).containsExactlyInAnyOrder("$SYS", "$SYS/broker/uptime");
        assertThat(match("$SYS/+/uptime")).containsExactly("$SYS/broker/uptime");
        assertThat(match("$SYS/broker/uptime")).containsExactly("$SYS/broker/uptime");
        assertThat(match("a/+")).containsExactly("a/$b");
    }

    @Test
    void expired_messages_are_skipped_and_removed() {
        store.put(expiring("a/old", "x", NOW + 1000));
        store.put(expiring("a/new", "y", NOW + 60_000));
        store.put(expiring("exact", "z", NOW + 1000));
        assertThat(match("a/+", NOW + 999)).containsExactlyInAnyOrder("a/old", "a/new");
        assertThat(match("a/+", NOW + 1000)).containsExactly("a/new");
        assertThat(store.get("a/old")).as("removed on the way").isNull();
        assertThat(match("exact", NOW + 5000)).isEmpty();
        assertThat(store.get("exact")).isNull();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void replacing_an_expiring_message_replaces_its_expiry_too() {
        store.put(expiring("t", "old", NOW + 1000));
        Message fresh = msg("t", "fresh");
        store.put(fresh);
        List<Message> seen = new ArrayList<>();
        store.match("#", NOW + 2000, seen::add);
        store.match("t", NOW + 2000, seen::add);
        assertThat(seen).containsExactly(fresh, fresh);
        assertThat(store.get("t")).isSameAs(fresh);
    }

    @Test
    void clearing_every_topic_prunes_every_node() {
        List<String> topics = List.of("a/b/c/d", "a/b", "a", "x//y", "/", "$SYS/q");
        for (String t : topics) {
            store.put(msg(t, "v"));
        }
        assertThat(store.nodeCount()).isGreaterThan(5);
        store.remove("a");
        assertThat(match("a/#")).containsExactlyInAnyOrder("a/b", "a/b/c/d");
        for (String t : topics) {
            store.put(Message.builder(t).retain(true).build());
        }
        assertThat(store.size()).isZero();
        assertThat(store.nodeCount()).isZero();
        store.put(expiring("e/f", "v", NOW + 1));
        assertThat(match("#", NOW + 2)).isEmpty();
        assertThat(store.nodeCount()).as("expiry prunes too").isZero();
    }

    @Test
    void for_each_visits_every_message() {
        store.put(msg("a", "1"));
        store.put(msg("b/c", "2"));
        Set<String> seen = new HashSet<>();
        store.forEach(m -> seen.add(m.topic()));
        assertThat(seen).containsExactlyInAnyOrder("a", "b/c");
    }

    @Test
    void wildcard_lookup_agrees_with_single_filter_matching() {
        Random r = new Random(7);
        String[] levels = {"a", "b", "", "$x"};
        Set<String> topics = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(4);
            for (int l = 0; l < n; l++) {
                sb.append(l > 0 ? "/" : "").append(levels[r.nextInt(levels.length)]);
            }
            if (sb.length() > 0) {
                topics.add(sb.toString());
            }
        }
        topics.forEach(t -> store.put(msg(t, t)));
        for (String filter : List.of("#", "+", "+/+", "a/#", "+/#", "$x/#", "a/+/b", "+/+/+/+", "/#", "+/b/#",
                "a", "a/", "b//a", "$x/+")) {
            Set<String> expected = topics.stream().filter(t -> Topics.matches(filter, t)).collect(Collectors.toSet());
            assertThat(new HashSet<>(match(filter))).as(filter).isEqualTo(expected);
        }
    }

    @Test
    void concurrent_puts_removes_and_matches_keep_the_store_consistent() throws Exception {
        int writers = 4;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Map<String, Message> finalState = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    // each writer owns its topics, on branches shared with the others so pruning races puts
                    Random r = new Random(id);
                    Map<String, Message> mine = new HashMap<>();
                    start.await();
                    while (System.nanoTime() < deadline) {
                        String t = "s/" + r.nextInt(3) + "/w" + id + "/" + r.nextInt(4);
                        if (mine.containsKey(t)) {
                            assertThat(store.remove(t)).isTrue();
                            mine.remove(t);
                            assertThat(store.get(t)).isNull();
                        } else {
                            Message m = msg(t, "v");
                            store.put(m);
                            mine.put(t, m);
                            List<Message> found = new ArrayList<>();
                            store.match("s/+/w" + id + "/#", NOW, found::add);
                            assertThat(found).as("put %s visible to a wildcard match", t).contains(m);
                        }
                    }
                    finalState.putAll(mine);
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                while (System.nanoTime() < deadline) {
                    store.match("s/#", NOW, m -> { });
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(store.size()).isEqualTo(finalState.size());
            Map<String, Message> actual = new HashMap<>();
            store.match("#", NOW, m -> actual.put(m.topic(), m));
            assertThat(actual).isEqualTo(finalState);
            finalState.keySet().forEach(store::remove);
            assertThat(store.size()).isZero();
            assertThat(store.nodeCount()).isZero();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
