package dev.estuary.core.persist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What startup recovery found in the durable folder: what came back, what had expired while the broker was down,
 * and every place where a file was damaged (with how many bytes after it could not be used). Logged at startup;
 * tests and operators read it here.
 */
public final class RecoveryReport {
    /** One damaged file: nothing from {@code offset} on was used. */
    public record Damage(Path file, long offset, long bytesLost, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + " at byte " + offset + ": " + reason + " (" + bytesLost
                    + " bytes from there not used)";
        }
    }

    long generation;
    int frames;
    long records;
    long skippedRecords;
    long bytesRead;
    int retained;
    int sessions;
    int queued;
    int inflight;
    int expiredRetained;
    int expiredQueued;
    int expiredSessions;
    int sessionsOpenAtCrash;
    int duplicateSessions;
    long durationMillis;
    boolean rebuiltFromPrevious;
    private final List<Damage> damages = new ArrayList<>();

    void damaged(Damage d) {
        damages.add(d);
    }

    /** Damaged files, in the order found; empty after a clean stop or an ordinary crash. */
    public List<Damage> damages() {
        return Collections.unmodifiableList(damages);
    }

    /** Whether anything written was not recovered. */
    public boolean lostData() {
        return !damages.isEmpty();
    }

    public long generation() {
        return generation;
    }

    public int frames() {
        return frames;
    }

    public long records() {
        return records;
    }

    /** Records that referred to something lost earlier (after damage) and were skipped. */
    public long skippedRecords() {
        return skippedRecords;
    }

    public long bytesRead() {
        return bytesRead;
    }

    /** Retained messages recovered (not expired). */
    public int retained() {
        return retained;
    }

    /** Durable sessions recovered (including those found expired, which end right after restore). */
    public int sessions() {
        return sessions;
    }

    public int queued() {
        return queued;
    }

    public int inflight() {
        return inflight;
    }

    public int expiredRetained() {
        return expiredRetained;
    }

    public int expiredQueued() {
        return expiredQueued;
    }

    /** Sessions whose expiry ran out while the broker was down (set by restore). */
    public int expiredSessions() {
        return expiredSessions;
    }

    /** Sessions that were connected when the broker stopped without a clean shutdown. */
    public int sessionsOpenAtCrash() {
        return sessionsOpenAtCrash;
    }

    /** How long reading the files took (and, after restore, putting the state back into the broker). */
    public long durationMillis() {
        return durationMillis;
    }

    /** Whether the newest snapshot was damaged and the state was rebuilt from the generation before it. */
    public boolean rebuiltFromPrevious() {
        return rebuiltFromPrevious;
    }

    /** One line for the startup log. */
    public String summary() {
        return retained + " retained messages, " + sessions + " sessions (" + queued + " queued and " + inflight
                + " in-flight messages) from generation " + generation + " (" + frames + " frames, "
                + bytesRead / 1024 + " KB) in " + durationMillis + " ms; expired while down: " + expiredSessions
                + " sessions, " + expiredQueued + " queued and " + expiredRetained + " retained messages";
    }
}
