package dev.estuary.core.persist;

import dev.estuary.core.config.PersistenceConfig.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the durable state ({@code estuary-durable}). Sessions hand it {@link Change}s through
 * a lock-free queue; it takes everything queued, applies it to the {@link DurableState}, encodes it as frames,
 * appends them to the current log and syncs:
 * <ul>
 *   <li>{@code always}: as soon as changes arrive (group commit: whatever queued up during the previous sync goes
 *       into the next), then releases the acknowledgements waiting for them;</li>
 *   <li>{@code interval}: once per interval, or earlier when the queue grows past half of {@code max_pending}.</li>
 * </ul>
 * When more than {@code max_pending} bytes of changes are queued, {@link #admit} says no and publishers are paused
 * until the writer has caught up to half of it. When the log outgrows {@code compact_after} and twice the last
 * snapshot, the writer starts a new generation from a snapshot of the state. A write error is logged and retried
 * every second; meanwhile nothing new becomes durable, so under {@code always} publishers stop being acknowledged.
 */
final class LogWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    /** Changes are cut into frames of about this many (estimated) bytes. */
    private static final long FRAME_LIMIT = 8L << 20;
    /** At most this much is written between two syncs. */
    private static final long ROUND_LIMIT = 64L << 20;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final Sync sync;
    private final long intervalNanos;
    private final long maxPending;
    private final long compactAfter;
    private final Clock clock;
    private final DurableState state;

    private final ConcurrentLinkedQueue<Change> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> resumes = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Change> lastSubmitted = new ThreadLocal<>();
    private volatile long durableSeq;
    private volatile boolean sleeping;
    private volatile boolean closing;
    private volatile boolean accepting = true;
    /** Set by {@link #flush} and {@link #admit}: write now instead of at the next interval. */
    private volatile boolean urgent;
    private volatile Thread thread;

    // writer-confined
    private final Encoder out = new Encoder(1 << 16);
    private final ArrayList<Change> frame = new ArrayList<>();
    private long nextSeq;
    private long frameNo;
    private long generation;
    private LogFile log;
    private long snapshotSize;
    private boolean frameReady;
    private boolean unsynced;
    private long frameEstimate;
    private long frameLastSeq;
    private long writtenSeq;
    private long lastErrorLog;

    // statistics (read by tests and the benchmark)
    final AtomicLong framesWritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    final AtomicLong syncs = new AtomicLong();
    final AtomicLong compactions = new AtomicLong();

    LogWriter(Path dir, Sync sync, long intervalNanos, long maxPending, long compactAfter, Clock clock,
              DurableState state, long generation) {
        this.dir = dir;
        this.sync = sync;
        this.intervalNanos = intervalNanos;
        this.maxPending = maxPending;
        this.compactAfter = compactAfter;
        this.clock = clock;
        this.state = state;
        this.generation = generation;
    }

    // ------------------------------------------------------------------ producers (any thread)

    void submit(Change c) {
        if (!accepting) {
            return;
        }
        long p = pending.addAndGet(c.estimate());
        queue.offer(c);
        if (sync == Sync.ALWAYS) {
            lastSubmitted.set(c);
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        } else if (p > maxPending / 2 && sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** See {@link DurableStore#afterDurable}. */
    void afterDurable(Executor executor, Runnable ack) {
        Change last = sync == Sync.ALWAYS ? lastSubmitted.get() : null;
        if (last == null || isDurable(last)) {
            ack.run();
            return;
        }
        Waiter w = new Waiter(last, executor, ack);
        waiters.offer(w);
        if (isDurable(last)) {
            w.fire(); // the writer may have released waiters between our check and the offer
        }
    }

    private boolean isDurable(Change c) {
        long s = c.seq;
        return s != 0 && s <= durableSeq;
    }

    boolean admit(Runnable resume) {
        if (pending.get() <= maxPending) {
            return true;
        }
        resumes.offer(resume);
        urgent = true;
        if (sleeping) {
            LockSupport.unpark(thread);
        }
        if (pending.get() <= maxPending) {
            releaseResumes(); // the writer caught up while we registered
        }
        return false;
    }

    long pendingBytes() {
        return pending.get();
    }

    /** Waits until everything submitted so far is written and synced (or {@code timeoutMillis} passes). */
    boolean flush(long timeoutMillis) throws InterruptedException {
        Change.Barrier b = new Change.Barrier();
        if (!accepting) {
            return queue.isEmpty();
        }
        queue.offer(b);
        urgent = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Waiter w = new Waiter(b, Runnable::run, done::countDown);
        waiters.offer(w);
        if (isDurable(b)) {
            w.fire();
        }
        return done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Writes the first snapshot of this run (a new generation) synchronously; call before {@link #start}. */
    void startGeneration() throws IOException {
        compact();
    }

    void start() {
        Thread t = new Thread(this, "estuary-durable");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops taking changes, writes and syncs what is queued, and closes the log. */
    void close(long timeoutMillis) {
        accepting = false;
        closing = true;
        Thread t = thread;
        if (t == null) {
            closeLog();
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.error("durable state: the writer did not finish within {} ms; {} bytes of changes may be lost",
                    timeoutMillis, pending.get());
        }
    }

    long generation() {
        return generation;
    }

    long logSize() {
        LogFile l = log;
        return l == null ? 0 : l.size();
    }

    // ------------------------------------------------------------------ the writer thread

    @Override
    public void run() {
        long nextTick = System.nanoTime() + intervalNanos;
        while (true) {
            nextTick = await(nextTick);
            boolean last = closing;
            urgent = false;
            try {
                writeAvailable();
                if (unsynced) {
                    log.sync();
                    unsynced = false;
                    syncs.incrementAndGet();
                }
                durableSeq = writtenSeq;
                if (!queue.isEmpty()) {
                    urgent = true; // a round's limit was reached: go on without waiting for the next interval
                }
                releaseWaiters();
                if (pending.get() <= maxPending / 2) {
                    releaseResumes();
                }
                if (!frameReady && log.size() > compactAfter && log.size() > 2 * snapshotSize) {
                    compact();
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
                if (!last) {
                    LockSupport.parkNanos(this, RETRY_NANOS);
                    continue;
                }
            }
            if (last && (queue.isEmpty() && !frameReady || !accepting && pendingRetryGaveUp())) {
                break;
            }
        }
        releaseWaiters();
        closeLog();
    }

    /** At shutdown a failing disk is retried a few times, then given up on. */
    private int closeRetries;

    private boolean pendingRetryGaveUp() {
        return frameReady && ++closeRetries > 3;
    }

    private long await(long nextTick) {
        if (sync == Sync.ALWAYS) {
            sleeping = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.park(this);
            }
            sleeping = false;
            return nextTick;
        }
        while (!closing && !urgent && pending.get() <= maxPending / 2) {
            long left = nextTick - System.nanoTime();
            if (left <= 0) {
                break;
            }
            sleeping = true;
            if (!closing && !urgent && pending.get() <= maxPending / 2) {
                LockSupport.parkNanos(this, left);
            }
            sleeping = false;
        }
        return System.nanoTime() + intervalNanos;
    }

    /** Writes frames of everything queued (up to a round's limit). */
    private void writeAvailable() throws IOException {
        long round = 0;
        while (round < ROUND_LIMIT) {
            if (!frameReady && !buildFrame()) {
                break;
            }
            if (frameReady) {
                log.append(out);
                frameReady = false;
                unsynced = true;
                round += out.size();
                framesWritten.incrementAndGet();
                bytesWritten.addAndGet(out.size());
            }
            writtenSeq = frameLastSeq;
            pending.addAndGet(-frameEstimate);
        }
        if (out.size() > (4 << 20)) {
            out.shrink(1 << 16);
        }
    }

    /** Takes queued changes into one frame; false when there were none. Sets {@link #frameReady} when it has records. */
    private boolean buildFrame() {
        frame.clear();
        long est = 0;
        Change c;
        frameNo++;
        while (est < FRAME_LIMIT && (c = queue.poll()) != null) {
            c.seq = ++nextSeq;
            c.apply(state, frameNo);
            frame.add(c);
            est += c.estimate();
        }
        if (frame.isEmpty()) {
            return false;
        }
        LogFile.beginFrame(out, clock.millis());
        for (Change ch : frame) {
            ch.encode(out, state, frameNo, generation);
        }
        frame.clear();
        frameEstimate = est;
        frameLastSeq = nextSeq;
        frameReady = LogFile.hasRecords(out);
        if (frameReady) {
            LogFile.endFrame(out);
        }
        return true;
    }

    private void releaseWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        Iterator<Waiter> it = waiters.iterator();
        while (it.hasNext()) {
            Waiter w = it.next();
            if (isDurable(w.change) || w.fired.get()) {
                it.remove();
                w.fire();
            }
        }
    }

    private void releaseResumes() {
        Runnable r;
        while ((r = resumes.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("durable state: resuming a paused publisher failed", e);
            }
        }
    }

    /**
     * Starts a new generation: the whole state as a snapshot ({@code .tmp}, synced, renamed), then an empty log;
     * the generation before the previous one is deleted.
     */
    private void compact() throws IOException {
        long gen = generation + 1;
        long now = clock.millis();
        Path tmp = dir.resolve(Generations.snapshot(dir, gen).getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        long size;
        try (LogFile snap = LogFile.create(tmp, LogFile.Kind.SNAPSHOT, gen, now)) {
            StateCodec.snapshot(state, gen, now, out, snap::append);
            snap.sync();
            size = snap.size();
        }
        Files.move(tmp, Generations.snapshot(dir, gen), StandardCopyOption.ATOMIC_MOVE);
        Path logPath = Generations.log(dir, gen);
        Files.deleteIfExists(logPath); // an empty log left by a crash right after an earlier attempt
        LogFile next = LogFile.create(logPath, LogFile.Kind.LOG, gen, now);
        Generations.syncDir(dir);
        LogFile old = log;
        log = next;
        generation = gen;
        snapshotSize = size;
        if (old != null) {
            old.close();
        }
        Generations.deleteBefore(dir, gen - 1);
        compactions.incrementAndGet();
        out.shrink(1 << 16);
        LOG.debug("durable state: generation {} started from a {} KB snapshot", gen, size / 1024);
    }

    private void failed(Exception e) {
        long now = System.nanoTime();
        if (now - lastErrorLog > TimeUnit.MINUTES.toNanos(1) || lastErrorLog == 0) {
            lastErrorLog = now;
            LOG.error("durable state: writing to {} failed ({} bytes of changes waiting); retrying every second. "
                    + "Nothing new becomes durable until it works again", dir, pending.get(), e);
        }
    }

    private void closeLog() {
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            LOG.warn("durable state: closing {} failed: {}", log.path(), e.getMessage());
        }
    }

    /** An acknowledgement waiting for a change to be durable. */
    private static final class Waiter {
        final Change change;
        final Executor executor;
        final Runnable ack;
        final AtomicBoolean fired = new AtomicBoolean();

        Waiter(Change change, Executor executor, Runnable ack) {
            this.change = change;
            this.executor = executor;
            this.ack = ack;
        }

        void fire() {
            if (fired.compareAndSet(false, true)) {
                try {
                    executor.execute(ack);
                } catch (RejectedExecutionException e) {
                    // the connection's event loop is shutting down: nobody to acknowledge any more
                }
            }
        }
    }
}
