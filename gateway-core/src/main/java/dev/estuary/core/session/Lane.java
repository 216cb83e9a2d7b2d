package dev.estuary.core.session;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single thread that owns some sessions' state. A connected MQTT session's lane is its connection's event loop,
 * so per-client work needs no locks and no thread hop; device sessions get a lane picked by client id.
 */
public interface Lane extends Executor {
    /** True when the calling thread is this lane's thread. */
    boolean inLane();

    /** Runs {@code task} on this lane after {@code delay}. */
    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);
}
