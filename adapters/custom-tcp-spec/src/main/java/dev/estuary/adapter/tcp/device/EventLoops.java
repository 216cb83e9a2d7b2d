package dev.estuary.adapter.tcp.device;

import io.netty.util.concurrent.EventExecutor;
import java.util.Collection;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Hands work to a connection's event loop from gateway threads; after shutdown there is nothing left to do. */
public final class EventLoops {
    private EventLoops() {
    }

    /** Runs {@code task} on {@code loop}; does nothing once the loop is shutting down (its channels are closed). */
    public static void run(EventExecutor loop, Runnable task) {
        if (loop.isShuttingDown()) {
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the adapter is stopping: the connection is closed with its event loop
        }
    }

    /** The exception inside a Netty {@code DecoderException} (TLS failures arrive wrapped in one). */
    public static Throwable unwrap(Throwable t) {
        return t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
    }

    /** Like {@link #run}, returning a future that completes when the task ran (null when the loop is gone). */
    public static Future<?> submit(EventExecutor loop, Runnable task) {
        if (loop.isShuttingDown()) {
            return null;
        }
        try {
            return loop.submit(task);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    /** Waits for tasks (their last frames written) at most {@code millis} in total, so a stop stays bounded. */
    public static void awaitAll(Collection<Future<?>> tasks, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Future<?> f : tasks) {
            if (f == null) {
                continue;
            }
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception timedOutOrFailed) {
                // the connection is closed with its event loop anyway
            }
        }
    }
}
