package dev.estuary.core.store;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that talks to SQLite inside the gateway ({@code estuary-db}). Event loops hand database work here
 * and get a future back; periodic work (change polling) runs here too, each run guarded so one failure cannot
 * cancel the schedule.
 */
public final class StoreExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreExecutor.class);

    private final ScheduledThreadPoolExecutor executor;

    public StoreExecutor() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "estuary-db");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code work} on the database thread. */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(work.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            f.completeExceptionally(new StoreException("database executor is shut down", rejected));
        }
        return f;
    }

    /** Runs {@code task} every {@code interval}; an exception is logged and the schedule continues. */
    public ScheduledFuture<?> every(Duration interval, String what, Runnable task) {
        long ms = Math.max(1, interval.toMillis());
        return executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed; will retry in {} ms", what, ms, e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
