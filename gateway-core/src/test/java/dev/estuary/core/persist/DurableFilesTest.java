package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.config.ByteSize;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import dev.estuary.core.config.PersistenceConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable files under damage and growth: a log cut short or with a flipped byte recovers up to the last good
 * frame and says what was lost, a damaged snapshot is rebuilt from the generation before it, a foreign file does
 * not stop startup, a newer format does (saying why), and compaction keeps the state while old files go.
 */
@Timeout(60)
class DurableFilesTest {
    @TempDir
    Path tmp;

    private DurableHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private DurableHarness harness(PersistenceConfig p, MqttConfig m) {
        h = new DurableHarness(tmp, p, m);
        return h;
    }

    private DurableHarness harness() {
        return harness(PersistenceConfig.DEFAULTS.withSync("always"), MqttConfig.DEFAULTS);
    }

    /** An offline persistent subscriber of "t", then {@code n} messages, each synced in a frame of its own. */
    private void queueOneFramePerMessage(int n) throws InterruptedException {
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        for (int i = 1; i <= n; i++) {
            h.broker.publish(h.brokerMessage("t", "m" + i, 1));
            assertThat(h.store.flush(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Path currentLog() {
        return Generations.log(h.dir, h.store.generation());
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "m" + i).collect(Collectors.toList());
    }

    /** Frame start offsets of a log, read the way recovery does. */
    private static List<Long> frameOffsets(Path log) throws Exception {
        List<Long> out = new java.util.ArrayList<>();
        try (FrameReader r = new FrameReader(log, LogFile.Kind.LOG)) {
            long at = r.offset();
            while (r.next()) {
                out.add(at);
                at = r.offset();
            }
        }
        return out;
    }

    @Test
    void log_cut_short_recovers_every_whole_frame_and_reports_the_rest() throws Exception {
        harness();
        queueOneFramePerMessage(10);
        h.crash();
        Path log = Generations.log(h.dir, h.report.generation());
        // the copy was recovered once already; cut the original generation's log in the copy and recover again
        h.close();
        Path copy = tmp.resolve("cut");
        DurableHarness.copyFolder(h.dir, copy);
        Path cutLog = copy.resolve(log.getFileName());
        long size = Files.size(cutLog);
        try (FileChannel ch = FileChannel.open(cutLog, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        deleteNewerGenerations(copy, h.report.generation());
        h.dir = copy;
        h.start();

        assertThat(h.report.lostData()).isTrue();
        RecoveryReport.Damage d = h.report.damages().get(0);
        assertThat(d.file().getFileName()).isEqualTo(cutLog.getFileName());
        assertThat(d.reason()).contains("cut short");
        assertThat(d.bytesLost()).isPositive().isLessThan(200);
        assertThat(h.persistent("sub").payloads()).containsExactlyElementsOf(range(1, 9));
        try (Stream<Path> files = Files.list(copy)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(cutLog.getFileName() + ".damaged-"));
        }
    }

    /** Removes generations after {@code gen}, so that recovery reads {@code gen} again. */
    private static void deleteNewerGenerations(Path dir, long gen) throws IOException {
        for (long g : Generations.list(dir, "snap")) {
            if (g > gen) {
                Files.delete(Generations.snapshot(dir, g));
                Files.deleteIfExists(Generations.log(dir, g));
            }
        }
    }

    @Test
    void flipped_byte_in_the_middle_of_the_log_stops_recovery_at_that_frame() throws Exception {
        harness();
        queueOneFramePerMessage(10);
        Path log = currentLog();
        List<Long> frames = frameOffsets(log);
        h.stop();
        long fifthMessageFrame = frames.get(frames.size() - 6); // frames end with m5..m10
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            long at = fifthMessageFrame + LogFile.FRAME_HEADER + 12;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        deleteNewerGenerations(h.dir, h.store.generation());
        h.start();

        assertThat(h.report.damages()).hasSize(1);
        assertThat(h.report.damages().get(0).offset()).isEqualTo(fifthMessageFrame);
        assertThat(h.report.damages().get(0).reason()).contains("checksum");
        assertThat(h.persistent("sub").payloads()).containsExactlyElementsOf(range(1, 4));
        h.restart();
        assertThat(h.report.lostData()).isFalse();
    }

    @Test
    void damaged_snapshot_is_rebuilt_from_the_generation_before_it() throws Exception {
        harness();
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        h.broker.publish(h.brokerMessage("t", "before restart", 1));
        h.restart(); // generation 2 starts with a snapshot holding the queued message
        h.broker.publish(h.brokerMessage("t", "after restart", 1));
        long gen = h.store.generation();
        h.stop();
        Path snap = Generations.snapshot(h.dir, gen);
        try (RandomAccessFile f = new RandomAccessFile(snap.toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write(0xFF ^ f.read());
        }
        h.start();

        assertThat(h.report.rebuiltFromPrevious()).isTrue();
        assertThat(h.report.damages()).extracting(d -> d.file().getFileName()).containsExactly(snap.getFileName());
        assertThat(h.persistent("sub").payloads()).containsExactly("before restart", "after restart");
    }

    @Test
    void log_with_a_foreign_header_is_reported_and_startup_goes_on() throws Exception {
        harness();
        h.broker.publish(retained("r", "kept in the snapshot"));
        h.restart();
        h.broker.publish(retained("r2", "only in the log"));
        Path log = currentLog();
        h.stop();
        Files.write(log, "this is not an Estuary log at all, it is something else".getBytes());
        h.start();

        assertThat(h.report.damages()).hasSize(1);
        assertThat(h.report.damages().get(0).offset()).isZero();
        assertThat(h.broker.retained().get("r")).isNotNull();
        assertThat(h.broker.retained().get("r2")).isNull();
    }

    private dev.estuary.core.message.Message retained(String topic, String payload) {
        return dev.estuary.core.message.Message.builder(topic).payload(payload.getBytes()).qos(1).retain(true)
                .createdAtMillis(h.clock.millis()).build();
    }

    @Test
    void file_from_a_newer_format_stops_startup_with_the_reason() throws Exception {
        Path dir = tmp.resolve("durable");
        Files.createDirectories(dir);
        ByteBuffer header = LogFile.header(LogFile.Kind.SNAPSHOT, 7, 0);
        header.putInt(8, 99); // format version 99
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header.array(), 0, LogFile.HEADER_SIZE - 4);
        header.putInt(LogFile.HEADER_SIZE - 4, (int) crc.getValue());
        Files.write(Generations.snapshot(dir, 7), header.array());
        DurableStore store = new DurableStore(PersistenceConfig.DEFAULTS, java.time.Clock.systemUTC());

        assertThatThrownBy(() -> store.open(dir)).isInstanceOf(NewerFormatException.class)
                .hasMessageContaining("newer Estuary").hasMessageContaining("version 99");
    }

    @Test
    void compaction_starts_a_new_generation_keeps_the_state_and_deletes_old_files() throws Exception {
        MqttConfig unlimitedQueue = new MqttConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, new MqueueConfig(0, false));
        harness(PersistenceConfig.DEFAULTS.withSync("always").withCompactAfter(ByteSize.of(1 << 20)),
                unlimitedQueue);
        DurableHarness.Client sub = h.persistent("sub");
        sub.subscribe("t", 1);
        sub.lose();
        long startGen = h.store.generation();
        byte[] kb = new byte[1024];
        for (int i = 0; i < 3000; i++) {
            h.broker.publish(dev.estuary.core.message.Message.builder("t").payload(kb).qos(1).build());
            if (i % 100 == 0) {
                assertThat(h.store.flush(10, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(h.store.flush(10, TimeUnit.SECONDS)).isTrue();
        assertThat(h.store.generation()).isGreaterThan(startGen);
        assertThat(h.store.compactions()).isPositive();
        assertThat(Generations.list(h.dir, "snap")).allMatch(g -> g >= h.store.generation() - 1);
        h.restart();

        assertThat(h.report.queued()).isEqualTo(3000);
        DurableHarness.Client back = h.persistent("sub");
        assertThat(back.conn.publishes()).hasSize(32); // the inflight window; the rest waits in the queue
        assertThat(back.session.inflightCount() + back.session.queuedCount()).isEqualTo(3000);
    }
}
