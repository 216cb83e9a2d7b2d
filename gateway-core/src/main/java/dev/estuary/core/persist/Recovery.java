package dev.estuary.core.persist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the durable folder back into a {@link DurableState}: the newest generation's snapshot, then its log. Each
 * file is read frame by frame up to the first damaged frame (cut short or failing its checksum); what follows is
 * reported as lost, never guessed at. When the newest snapshot itself is damaged and the generation before it is
 * still there, the state is rebuilt from that generation's snapshot and log (which together hold exactly what the
 * damaged snapshot held) before the newest log is replayed.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    final DurableState state;
    final RecoveryReport report;
    /** Files that had damage, to be set aside once a new generation is safely written. */
    final List<Path> damagedFiles = new ArrayList<>();

    private Recovery(DurableState state, RecoveryReport report) {
        this.state = state;
        this.report = report;
    }

    /**
     * Recovers the folder (which may not exist: then the state is empty).
     *
     * @throws NewerFormatException when a file was written by a newer Estuary
     */
    static Recovery read(Path dir) throws IOException {
        long start = System.nanoTime();
        Recovery r = new Recovery(new DurableState(), new RecoveryReport());
        List<Long> snaps = Generations.list(dir, "snap");
        List<Long> logs = Generations.list(dir, "log");
        if (snaps.isEmpty()) {
            // no snapshot yet: replay whatever logs there are, oldest first
            for (int i = logs.size() - 1; i >= 0; i--) {
                r.replay(r.state, Generations.log(dir, logs.get(i)), LogFile.Kind.LOG);
                r.report.generation = logs.get(i);
            }
        } else {
            long gen = snaps.get(0);
            r.report.generation = gen;
            if (!r.replay(r.state, Generations.snapshot(dir, gen), LogFile.Kind.SNAPSHOT)
                    && snaps.size() > 1 && snaps.get(1) == gen - 1) {
                r.rebuildFromPrevious(dir, gen - 1);
            }
            Path log = Generations.log(dir, gen);
            if (Files.exists(log)) {
                r.replay(r.state, log, LogFile.Kind.LOG);
            }
        }
        r.report.durationMillis = (System.nanoTime() - start) / 1_000_000;
        return r;
    }

    private void rebuildFromPrevious(Path dir, long previous) throws IOException {
        Recovery alt = new Recovery(new DurableState(), new RecoveryReport());
        boolean snapOk = alt.replay(alt.state, Generations.snapshot(dir, previous), LogFile.Kind.SNAPSHOT);
        Path log = Generations.log(dir, previous);
        if (!snapOk || !Files.exists(log) || !alt.replay(alt.state, log, LogFile.Kind.LOG)) {
            LOG.warn("durable state: generation {} cannot stand in for the damaged snapshot of generation {}",
                    previous, previous + 1);
            return;
        }
        LOG.warn("durable state: the snapshot of generation {} is damaged; rebuilt it from generation {}",
                previous + 1, previous);
        // the damaged snapshot's partial state is replaced; its damage stays reported
        state.retained.clear();
        state.sessions.clear();
        state.messagesById.clear();
        state.messagesByObject.clear();
        state.retained.putAll(alt.state.retained);
        state.sessions.putAll(alt.state.sessions);
        state.messagesById.putAll(alt.state.messagesById);
        state.messagesByObject.putAll(alt.state.messagesByObject);
        state.nextMessageId = alt.state.nextMessageId;
        state.maxKey = alt.state.maxKey;
        report.rebuiltFromPrevious = true;
        report.frames += alt.report.frames;
        report.records += alt.report.records;
        report.bytesRead += alt.report.bytesRead;
    }

    /** Replays one file; returns false when it was damaged (what came before the damage is applied). */
    private boolean replay(DurableState st, Path file, LogFile.Kind kind) throws IOException {
        FrameReader in;
        try {
            in = new FrameReader(file, kind);
        } catch (FrameReader.Damage d) {
            damage(file, d.offset, Files.size(file), d.getMessage());
            return false;
        }
        try (in) {
            while (true) {
                long frameStart = in.offset();
                try {
                    if (!in.next()) {
                        report.bytesRead += in.offset();
                        return true;
                    }
                } catch (FrameReader.Damage d) {
                    report.bytesRead += d.offset;
                    damage(file, d.offset, in.fileSize(), d.getMessage());
                    return false;
                } catch (IOException e) {
                    report.bytesRead += frameStart;
                    damage(file, frameStart, in.fileSize(), "read error: " + e.getMessage());
                    return false;
                }
                Decoder records = in.records();
                try {
                    while (records.hasMore()) {
                        if (!StateCodec.apply(st, records)) {
                            report.skippedRecords++;
                        }
                        report.records++;
                    }
                } catch (CorruptRecordException | IllegalArgumentException e) {
                    report.bytesRead += frameStart;
                    damage(file, frameStart, in.fileSize(), "undecodable record: " + e.getMessage());
                    return false;
                }
                report.frames++;
            }
        }
    }

    private void damage(Path file, long offset, long size, String reason) {
        RecoveryReport.Damage d = new RecoveryReport.Damage(file, offset, Math.max(0, size - offset), reason);
        report.damaged(d);
        damagedFiles.add(file);
        LOG.warn("durable state: {} is damaged: {}", file, d);
    }
}
