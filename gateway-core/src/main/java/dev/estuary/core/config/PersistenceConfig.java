package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Locale;

/**
 * Durable broker state (the {@code persistence:} section): retained messages and persistent sessions with their
 * subscriptions, queued and in-flight QoS 1/2 messages, kept in an append-only log with snapshots in
 * {@code durable/} under {@code node.data_dir}. {@code docs/durability.md} says exactly what each policy
 * guarantees.
 *
 * @param sync         {@code always}: a QoS 1/2 message is on disk (fsync) before PUBACK/PUBREC goes to its
 *                     publisher; {@code interval}: written and synced every {@code interval}, acknowledged at
 *                     once (a crash loses at most the last interval); {@code none}: memory only, nothing survives a
 *                     restart. interval.
 * @param interval     with {@code sync: interval}, how often pending changes are written and synced. 10ms to 1h.
 *                     1s.
 * @param maxPending   changes waiting for the disk (estimated bytes) above which publishers' connections stop
 *                     being read until the disk catches up. 1MB to 4GB. 64MB.
 * @param compactAfter the log is rewritten as a snapshot of the live state once it is larger than this and than
 *                     twice the last snapshot. 1MB to 64GB. 64MB.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PersistenceConfig(String sync, Duration interval, ByteSize maxPending, ByteSize compactAfter) {
    public static final PersistenceConfig DEFAULTS = new PersistenceConfig(null, null, null, null);

    /** The sync policies. */
    public enum Sync {
        ALWAYS, INTERVAL, NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PersistenceConfig {
        sync = sync == null ? "interval" : sync.trim().toLowerCase(Locale.ROOT);
        if (!sync.equals("always") && !sync.equals("interval") && !sync.equals("none")) {
            throw new ConfigException("sync", "must be one of always, interval, none (was '" + sync + "')");
        }
        interval = Check.duration("interval", interval, Duration.ofSeconds(1), Duration.ofMillis(10),
                Duration.ofHours(1));
        maxPending = Check.size("max_pending", maxPending, ByteSize.of(64L << 20), 1L << 20, 4L << 30);
        compactAfter = Check.size("compact_after", compactAfter, ByteSize.of(64L << 20), 1L << 20, 64L << 30);
    }

    /** The policy as an enum. */
    public Sync syncPolicy() {
        return Sync.valueOf(sync.toUpperCase(Locale.ROOT));
    }

    /** Whether anything is written to disk. */
    public boolean enabled() {
        return !sync.equals("none");
    }

    public PersistenceConfig withSync(String v) {
        return new PersistenceConfig(v, interval, maxPending, compactAfter);
    }

    public PersistenceConfig withInterval(Duration v) {
        return new PersistenceConfig(sync, v, maxPending, compactAfter);
    }

    public PersistenceConfig withMaxPending(ByteSize v) {
        return new PersistenceConfig(sync, interval, v, compactAfter);
    }

    public PersistenceConfig withCompactAfter(ByteSize v) {
        return new PersistenceConfig(sync, interval, maxPending, v);
    }
}
