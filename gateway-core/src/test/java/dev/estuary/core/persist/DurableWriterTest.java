package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.core.config.ByteSize;
import dev.estuary.core.config.PersistenceConfig;
import dev.estuary.core.message.Message;
import dev.estuary.core.retain.InMemoryRetainedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's policies: under {@code always} an acknowledgement runs only once what was reported before it is
 * synced (and a copy of the files taken right then has it); under {@code interval} at once, with the data on disk
 * within the interval; publishers are refused past {@code max_pending} and resumed once the writer catches up.
 */
@Timeout(60)
class DurableWriterTest {
    @TempDir
    Path tmp;

    private final List<DurableStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(DurableStore::close);
    }

    private DurableStore open(PersistenceConfig config, Path dir) {
        DurableStore s = new DurableStore(config, Clock.systemUTC());
        stores.add(s);
        s.open(dir);
        return s;
    }

    private static Message retained(String topic, byte[] payload) {
        return Message.builder(topic).payload(payload).qos(1).retain(true).build();
    }

    @Test
    void under_always_an_acknowledgement_waits_until_the_writer_has_synced() throws Exception {
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("always"), tmp.resolve("d"));
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        retained.put(retained("a", "1".getBytes(StandardCharsets.UTF_8)));
        CountDownLatch acked = new CountDownLatch(1);
        store.afterDurable(Runnable::run, acked::countDown);

        assertThat(acked.getCount()).as("the writer is not started, nothing can be synced").isEqualTo(1);
        store.start();
        assertThat(acked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.syncCount()).isPositive();
    }

    @Test
    void under_always_every_acknowledged_change_is_in_a_copy_of_the_files_taken_right_after_the_ack()
            throws Exception {
        Path dir = tmp.resolve("d");
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("always"), dir);
        store.start();
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        for (int i = 0; i < 20; i++) {
            retained.put(retained("t/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            CountDownLatch acked = new CountDownLatch(1);
            store.afterDurable(Runnable::run, acked::countDown);
            assertThat(acked.await(10, TimeUnit.SECONDS)).isTrue();
            Path copy = tmp.resolve("copy-" + i);
            DurableHarness.copyFolder(dir, copy); // no flush, no close: what a kill -9 now leaves

            Recovery r = Recovery.read(copy);
            assertThat(r.report.lostData()).isFalse();
            assertThat(r.state.retained).hasSize(i + 1).containsKey("t/" + i);
        }
    }

    @Test
    void under_interval_acknowledgements_run_at_once_and_changes_reach_the_disk_within_the_interval() {
        Path dir = tmp.resolve("d");
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("interval")
                .withInterval(Duration.ofMillis(100)), dir);
        store.start();
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        retained.put(retained("a", "1".getBytes(StandardCharsets.UTF_8)));
        AtomicInteger acked = new AtomicInteger();
        store.afterDurable(Runnable::run, acked::incrementAndGet);

        assertThat(acked).hasValue(1);
        assertThat(store.defersAcks()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.syncCount() > 0 && store.pendingBytes() == 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Path copy = tmp.resolve("copy-" + System.nanoTime());
            DurableHarness.copyFolder(dir, copy);
            assertThat(Recovery.read(copy).state.retained).containsKey("a");
        });
    }

    @Test
    void publishers_are_refused_past_max_pending_and_resumed_when_the_writer_catches_up() throws Exception {
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("interval")
                .withMaxPending(ByteSize.of(1 << 20)).withInterval(Duration.ofHours(1)), tmp.resolve("d"));
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        byte[] payload = new byte[100 * 1024];
        CountDownLatch resumed = new CountDownLatch(1);
        assertThat(store.admit(resumed::countDown)).isTrue();
        for (int i = 0; i < 15; i++) {
            retained.put(retained("big/" + i, payload));
        }

        assertThat(store.pendingBytes()).isGreaterThan(1 << 20);
        assertThat(store.admit(resumed::countDown)).isFalse();
        assertThat(resumed.getCount()).isEqualTo(1);
        store.start(); // an hour's interval, but a refused publisher makes the writer go now
        assertThat(resumed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.pendingBytes()).isLessThanOrEqualTo(1 << 19);
    }

    @Test
    void clean_close_writes_everything_still_queued() throws Exception {
        Path dir = tmp.resolve("d");
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("interval")
                .withInterval(Duration.ofHours(1)), dir);
        store.start();
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        for (int i = 0; i < 100; i++) {
            retained.put(retained("t/" + i, "x".getBytes(StandardCharsets.UTF_8)));
        }
        retained.put(retained("t/5", new byte[0]));
        store.close();

        Recovery r = Recovery.read(dir);
        assertThat(r.state.retained).hasSize(99).doesNotContainKey("t/5");
    }

    @Test
    void sys_topics_are_not_written() throws Exception {
        Path dir = tmp.resolve("d");
        DurableStore store = open(PersistenceConfig.DEFAULTS.withSync("always"), dir);
        store.start();
        DurableRetainedStore retained = store.retained(new InMemoryRetainedStore());
        retained.put(retained("$SYS/broker/uptime", "1".getBytes(StandardCharsets.UTF_8)));
        retained.put(retained("plain", "1".getBytes(StandardCharsets.UTF_8)));
        assertThat(retained.get("$SYS/broker/uptime")).isNotNull();
        store.close();

        assertThat(Recovery.read(dir).state.retained).containsOnlyKeys("plain");
    }
}
