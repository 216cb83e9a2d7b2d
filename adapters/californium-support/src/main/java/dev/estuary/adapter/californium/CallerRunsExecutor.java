package dev.estuary.adapter.californium;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Californium's protocol stage run on the thread that hands it work: {@link #execute} runs the task at once,
 * timers go to {@code timers}. A request then passes Californium's stack and the adapter's handler on the UDP
 * receiver thread, and the response on the thread that completes it (the device's broker lane), instead of being
 * queued to a pool thread twice.
 *
 * <p>Measured under {@code bench/} {@code coap-up} and {@code lwm2m-up} (docs/benchmarks.md): the pool's hand-offs
 * ({@code ScheduledThreadPoolExecutor} queue locks and thread wake-ups) were the largest single cost per message,
 * and under overload the pool's unbounded queue held seconds of datagrams (over a GiB for LwM2M); with the stage on
 * the receiver thread the backlog stays in the socket's bounded receive buffer.
 * Californium serialises each exchange with its own {@code SerialExecutor} on top of this one, so per-exchange
 * ordering is unchanged; what the handlers run must not block, which the adapter's handlers never do (they answer
 * from completion stages).
 */
public final class CallerRunsExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(CallerRunsExecutor.class);

    private final ScheduledExecutorService timers;
    private volatile boolean shutdown;

    public CallerRunsExecutor(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("CoAP protocol stage stopped");
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // a pool thread would have swallowed it with the task; the caller (a receiver thread or a broker
            // lane) must not die of Californium's bug either
            LOG.error("CoAP protocol stage task failed", e);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return timers.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return timers.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return timers.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                     TimeUnit unit) {
        return timers.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        shutdown = true;
        timers.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return timers.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && timers.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return timers.awaitTermination(timeout, unit);
    }
}
