package dev.estuary.bench.jmh;

import dev.estuary.core.routing.Delivery;
import dev.estuary.core.routing.MatchCollector;
import dev.estuary.core.routing.SharedGroup;
import dev.estuary.core.routing.Subscriber;
import dev.estuary.core.routing.Subscription;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.routing.TopicTree;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of {@link TopicTree#match} as the number of subscriptions grows (issue 11: "publish throughput with
 * 1,000,000 subscriptions in the tree within 20% of the figure with 1,000").
 *
 * <p>Subscription {@code i} belongs to site {@code i / 1000}, device {@code i % 1000}, and is one of:
 * <ul>
 *   <li>{@code site/{s}/+/{d}/temp} (every 10th),</li>
 *   <li>{@code site/{s}/dev/{d}/#} (every 10th, offset 1),</li>
 *   <li>{@code +/{s}/dev/{d}/temp} (every 100th, offset 2),</li>
 *   <li>{@code site/{s}/#} (every 1000th, offset 3),</li>
 *   <li>{@code site/{s}/dev/{d}/temp} otherwise.</li>
 * </ul>
 * So every level of the trie has both exact and wildcard branches to follow, the tree grows wide with the
 * subscription count, and a matching topic hits the same handful of subscriptions at every size: the figures
 * compare the walk, not the size of the result. {@code matchHit} publishes to a random existing device topic,
 * {@code matchMiss} to a topic no filter matches except through the root-level {@code +} branch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
public class TopicTreeBenchmark {
    private static final int TOPICS = 4096;

    @Param({"1000", "100000", "1000000"})
    public int subscriptions;

    private TopicTree tree;
    private String[] hitTopics;
    private String[] missTopics;
    private int next;

    /** A subscriber that is never delivered to: the benchmark only matches. */
    private static final class Sink implements Subscriber {
        private final String clientId;

        Sink(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public boolean isOnline() {
            return true;
        }

        @Override
        public void deliver(Delivery delivery) {
            throw new UnsupportedOperationException();
        }
    }

    /** Counts the matches into a Blackhole so that nothing is optimised away. */
    private static final class Counter implements MatchCollector {
        Blackhole bh;
        int count;

        @Override
        public void onSubscription(Subscription subscription) {
            count++;
            bh.consume(subscription);
        }

        @Override
        public void onSharedGroup(SharedGroup group) {
            count++;
            bh.consume(group);
        }
    }

    private final Counter counter = new Counter();

    @Setup(Level.Trial)
    public void build() {
        tree = new TopicTree();
        SubscriptionOptions opts = SubscriptionOptions.qos(1);
        for (int i = 0; i < subscriptions; i++) {
            int s = i / 1000;
            int d = i % 1000;
            String filter;
            if (i % 10 == 0) {
                filter = "site/" + s + "/+/" + d + "/temp";
            } else if (i % 10 == 1) {
                filter = "site/" + s + "/dev/" + d + "/#";
            } else if (i % 100 == 2) {
                filter = "+/" + s + "/dev/" + d + "/temp";
            } else if (i % 1000 == 3) {
                filter = "site/" + s + "/#";
            } else {
                filter = "site/" + s + "/dev/" + d + "/temp";
            }
            tree.add(new Subscription(new Sink("c" + i), filter, null, opts, 0));
        }
        int sites = Math.max(1, subscriptions / 1000);
        SplittableRandom r = new SplittableRandom(42);
        hitTopics = new String[TOPICS];
        missTopics = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            int s = r.nextInt(sites);
            int d = r.nextInt(1000);
            hitTopics[i] = "site/" + s + "/dev/" + d + "/temp";
            missTopics[i] = "plant/" + s + "/line/" + d + "/pressure";
        }
    }

    @Benchmark
    public int matchHit(Blackhole bh) {
        return match(hitTopics, bh);
    }

    @Benchmark
    public int matchMiss(Blackhole bh) {
        return match(missTopics, bh);
    }

    private int match(String[] topics, Blackhole bh) {
        String topic = topics[next++ & (TOPICS - 1)];
        Counter c = counter;
        c.bh = bh;
        c.count = 0;
        tree.match(topic, c);
        return c.count;
    }
}
