package dev.estuary.adapter.tcp.device;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;

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
}
