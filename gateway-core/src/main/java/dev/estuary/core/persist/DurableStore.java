package dev.estuary.core.persist;

import dev.estuary.core.Broker;
import dev.estuary.core.config.PersistenceConfig;
import dev.estuary.core.message.Message;
import dev.estuary.core.retain.RetainedStore;
import dev.estuary.core.routing.Delivery;
import dev.estuary.core.routing.Subscription;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SessionImage;
import dev.estuary.core.session.SessionImage.InflightImage;
import dev.estuary.core.session.SessionImage.SubscriptionImage;
import dev.estuary.core.session.SessionStore;
import dev.estuary.core.session.Will;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable retained messages and sessions: the {@link SessionStore} the broker's sessions report to, backed by an
 * append-only log with snapshots in one folder ({@code data/durable}). Lifecycle, all before the listeners open:
 * {@link #open} recovers the folder and starts a new generation, {@link #restore} puts the recovered state into
 * the broker and starts the writer thread; {@link #close} writes and syncs everything still queued.
 *
 * <p>Every reporting method only queues a {@link Change} (no I/O on the caller's thread). Under {@code always}
 * {@link #afterDurable} holds acknowledgements until the changes reported before them by the same thread are
 * synced; under {@code interval} it runs them at once.
 */
public final class DurableStore implements SessionStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);

    private final PersistenceConfig config;
    private final Clock clock;
    private final AtomicLong keys = new AtomicLong();
    private volatile LogWriter writer;
    private Recovery recovery;
    private volatile boolean started;

    public DurableStore(PersistenceConfig config, Clock clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("persistence.sync is none: nothing to store");
        }
        this.config = config;
        this.clock = clock;
    }

    /** A retained store that records changes here, around an in-memory one. */
    public DurableRetainedStore retained(RetainedStore inMemory) {
        return new DurableRetainedStore(inMemory, this);
    }

    /**
     * Recovers {@code dir} (created when missing): reads the newest generation, forgets what expired while the
     * broker was down, and writes the result as a new generation, so damaged files are never appended to.
     * Damaged files are kept as {@code *.damaged-<time>} for inspection.
     *
     * @throws DurableStoreException when the folder cannot be read or written, naming it and the cause
     * @throws NewerFormatException when a newer Estuary wrote it
     */
    public RecoveryReport open(Path dir) {
        if (writer != null) {
            throw new IllegalStateException("already open");
        }
        try {
            Files.createDirectories(dir);
            Recovery r = Recovery.read(dir);
            long readMillis = r.report.durationMillis;
            long start = System.nanoTime();
            prepare(r);
            LogWriter w = new LogWriter(dir, config.syncPolicy(), config.interval().toNanos(),
                    config.maxPending().bytes(), config.compactAfter().bytes(), clock, r.state,
                    r.report.generation);
            w.startGeneration();
            setAside(r, dir);
            r.report.durationMillis = readMillis + (System.nanoTime() - start) / 1_000_000;
            recovery = r;
            writer = w;
            return r.report;
        } catch (IOException e) {
            throw new DurableStoreException("durable state folder " + dir.toAbsolutePath() + " cannot be used: "
                    + e.getMessage() + ". Check its permissions and free space, or set persistence.sync to none "
                    + "to run without durable state", e);
        } catch (UncheckedIOException e) {
            throw new DurableStoreException("durable state folder " + dir.toAbsolutePath() + " cannot be used: "
                    + e.getCause().getMessage(), e);
        }
    }

    /** Expired messages out, one session per client id, sessions open at a crash counted as disconnected now. */
    private void prepare(Recovery r) {
        DurableState st = r.state;
        long now = clock.millis();
        int[] gone = st.dropExpired(now);
        r.report.expiredRetained = gone[0];
        r.report.expiredQueued = gone[1];
        Map<String, DurableState.SessionRec> byClient = new HashMap<>();
        List<Long> superseded = new ArrayList<>();
        for (DurableState.SessionRec rec : st.sessions.values()) {
            // two sessions of one client id: a clean start replaced one but its end was not written before a
            // crash. The newer key wins.
            DurableState.SessionRec other = byClient.get(rec.client.clientId());
            if (other == null) {
                byClient.put(rec.client.clientId(), rec);
            } else if (other.key < rec.key) {
                superseded.add(other.key);
                byClient.put(rec.client.clientId(), rec);
            } else {
                superseded.add(rec.key);
            }
        }
        for (long key : superseded) {
            st.terminate(key);
        }
        r.report.duplicateSessions = superseded.size();
        for (DurableState.SessionRec rec : st.sessions.values()) {
            if (rec.connected) {
                // stopped without a clean shutdown while connected: its expiry and will delay run from now
                rec.connected = false;
                rec.disconnectedAtMillis = now;
                r.report.sessionsOpenAtCrash++;
            }
        }
        keys.set(st.maxKey);
        r.report.retained = st.retained.size();
        r.report.sessions = st.sessions.size();
        r.report.queued = st.queuedCount();
        r.report.inflight = st.inflightCount();
    }

    private void setAside(Recovery r, Path dir) throws IOException {
        for (Path p : new LinkedHashSet<>(r.damagedFiles)) {
            if (Files.exists(p)) {
                Path aside = dir.resolve(p.getFileName() + ".damaged-" + clock.millis());
                Files.move(p, aside);
                LOG.warn("durable state: damaged file kept as {} for inspection; delete it when done", aside);
            }
        }
    }

    /**
     * Puts the recovered state into {@code broker}: retained messages into its retained store, sessions into its
     * registry (offline, with their subscriptions, queues, in-flight messages and timers). Sessions that expired
     * while the broker was down end now (publishing their will). Then starts the writer. Call after
     * {@link #open}, before any connection is accepted.
     */
    public RecoveryReport restore(Broker broker) {
        Recovery r = recovery;
        if (r == null || started) {
            throw new IllegalStateException("restore after open, once");
        }
        long start = System.nanoTime();
        DurableState st = r.state;
        RetainedStore retainedStore = broker.retained();
        for (Message m : st.retained.values()) {
            if (retainedStore instanceof DurableRetainedStore) {
                ((DurableRetainedStore) retainedStore).load(m);
            } else {
                retainedStore.put(m);
            }
        }
        long now = clock.millis();
        List<Session> restored = new ArrayList<>(st.sessions.size());
        for (DurableState.SessionRec rec : st.sessions.values()) {
            SessionImage image = image(rec);
            if (expired(rec, now)) {
                r.report.expiredSessions++;
            }
            String id = rec.client.clientId();
            restored.add(broker.sessions().restore(image, broker.authorizerFor(rec.client),
                    broker.lanes().laneFor(id)));
        }
        broker.sessions().startRestored(restored);
        recovery = null;
        start();
        r.report.durationMillis += (System.nanoTime() - start) / 1_000_000;
        return r.report;
    }

    /** Starts writing without restoring into a broker (tests of the store alone). */
    public void start() {
        if (writer == null) {
            throw new IllegalStateException("start after open");
        }
        if (!started) {
            started = true;
            writer.start();
        }
    }

    private static boolean expired(DurableState.SessionRec rec, long now) {
        if (rec.expirySeconds >= Long.MAX_VALUE / 2000) {
            return false; // never
        }
        return rec.disconnectedAtMillis + rec.expirySeconds * 1000 <= now;
    }

    /** The session as the registry takes it; its entries get the delivery objects the session will report. */
    private static SessionImage image(DurableState.SessionRec rec) {
        List<InflightImage> inflight = new ArrayList<>();
        List<Delivery> queued = new ArrayList<>();
        for (DurableState.Entry e : rec.entries.values()) {
            Delivery d = new Delivery(e.message.message, e.qos, e.retainFlag, e.subscriptionIds, null);
            e.delivery = d;
            rec.byDelivery.put(d, e);
            if (e.packetId != 0) {
                inflight.add(new InflightImage(d, e.packetId, e.released));
            } else {
                queued.add(d);
            }
        }
        return new SessionImage(rec.key, rec.client, rec.expirySeconds, rec.will, rec.disconnectedAtMillis,
                List.copyOf(rec.subscriptions.values()), inflight, queued, new LinkedHashSet<>(rec.awaitingRel));
    }

    /**
     * Waits until everything reported so far is written and synced, whatever the sync policy.
     *
     * @return false when that did not happen within the timeout
     */
    public boolean flush(long timeout, TimeUnit unit) throws InterruptedException {
        LogWriter w = writer;
        return w == null || w.flush(unit.toMillis(timeout));
    }

    /** Stops taking changes, writes and syncs everything queued, closes the files. */
    @Override
    public void close() {
        LogWriter w = writer;
        if (w != null) {
            w.close(TimeUnit.SECONDS.toMillis(60));
            LOG.debug("durable state: closed at generation {}", w.generation());
        }
    }

    /** The current generation (tests, status). */
    public long generation() {
        LogWriter w = writer;
        return w == null ? 0 : w.generation();
    }

    /** Bytes of changes waiting for the disk (estimated). */
    public long pendingBytes() {
        LogWriter w = writer;
        return w == null ? 0 : w.pendingBytes();
    }

    /** Number of syncs so far (tests, benchmark). */
    public long syncCount() {
        LogWriter w = writer;
        return w == null ? 0 : w.syncs.get();
    }

    /** Bytes written to logs so far (snapshots not included). */
    public long bytesWritten() {
        LogWriter w = writer;
        return w == null ? 0 : w.bytesWritten.get();
    }

    /** Number of generations started while running (the startup one not counted). */
    public long compactions() {
        LogWriter w = writer;
        return w == null ? 0 : Math.max(0, w.compactions.get() - 1);
    }

    public PersistenceConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ SessionStore

    private void submit(Change c) {
        LogWriter w = writer;
        if (w != null) {
            w.submit(c);
        }
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long newKey() {
        return keys.incrementAndGet();
    }

    @Override
    public void opened(long key, ClientInfo client, long expirySeconds, Will will) {
        submit(new Change.Opened(key, client, expirySeconds, will));
    }

    @Override
    public void expiryChanged(long key, long expirySeconds) {
        submit(new Change.ExpiryChanged(key, expirySeconds));
    }

    @Override
    public void willCleared(long key) {
        submit(new Change.WillCleared(key));
    }

    @Override
    public void disconnected(long key, long atMillis) {
        submit(new Change.Disconnected(key, atMillis));
    }

    @Override
    public void terminated(long key) {
        submit(new Change.Terminated(key));
    }

    @Override
    public void subscribed(long key, String topic, Subscription subscription) {
        submit(new Change.Subscribed(key, new SubscriptionImage(topic, subscription.options(),
                subscription.subscriptionId())));
    }

    @Override
    public void unsubscribed(long key, String topic) {
        submit(new Change.Unsubscribed(key, topic));
    }

    @Override
    public void enqueued(long key, Delivery delivery) {
        submit(new Change.Enqueued(key, delivery));
    }

    @Override
    public void routed(long publisherKey, int packetId, long[] keys, List<Delivery> deliveries) {
        submit(new Change.Routed(publisherKey, packetId, keys, deliveries));
    }

    @Override
    public void sent(long key, Delivery delivery, int packetId) {
        submit(new Change.Sent(key, delivery, packetId));
    }

    @Override
    public void released(long key, int packetId) {
        submit(new Change.Released(key, packetId));
    }

    @Override
    public void completed(long key, int packetId) {
        submit(new Change.Completed(key, packetId));
    }

    @Override
    public void removed(long key, Delivery delivery) {
        submit(new Change.Removed(key, delivery));
    }

    @Override
    public void relReceived(long key, int packetId) {
        submit(new Change.RelReceived(key, packetId));
    }

    void retainedSet(Message m) {
        submit(new Change.Retained(m));
    }

    void retainedCleared(String topic) {
        submit(new Change.RetainedCleared(topic));
    }

    @Override
    public void afterDurable(Executor executor, Runnable ack) {
        LogWriter w = writer;
        if (w == null) {
            ack.run();
        } else {
            w.afterDurable(executor, ack);
        }
    }

    @Override
    public boolean defersAcks() {
        return config.syncPolicy() == PersistenceConfig.Sync.ALWAYS;
    }

    @Override
    public boolean admit(Runnable resume) {
        LogWriter w = writer;
        return w == null || w.admit(resume);
    }
}
