package dev.estuary.server.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the gateway gracefully when the JVM is asked to shut down (SIGTERM, Ctrl-C / SIGINT, SIGHUP) and then ends
 * the process with exit code 0, or 1 if the stop failed. A JVM ending on a signal would otherwise report
 * 128 + signal (143 for SIGTERM) even after a clean shutdown, which service managers and scripts read as a failure;
 * so the hook halts the JVM itself once the stop is done. Put shutdown work in {@code Gateway.stop()}, not in other
 * hooks: they may be cut short by the halt.
 *
 * <p>The hook is installed before the gateway starts, so a signal that arrives while it is starting still leads to
 * a graceful stop: the hook waits for the start to finish first. If the start fails, the hook is removed (or does
 * nothing) so the failure's own exit code stands.
 */
final class GracefulExit {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulExit.class);
    private static final long MAX_START_WAIT_SECONDS = 120;

    private final CountDownLatch startDone = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "estuary-shutdown");
    private volatile Runnable stop;

    private GracefulExit() {
    }

    /** Installs the hook; call {@link #started} or {@link #startFailed} next. */
    static GracefulExit install() {
        GracefulExit exit = new GracefulExit();
        Runtime.getRuntime().addShutdownHook(exit.hook);
        return exit;
    }

    /** The gateway is up; a shutdown from now on runs {@code gracefulStop} and exits 0. */
    void started(Runnable gracefulStop) {
        this.stop = gracefulStop;
        startDone.countDown();
    }

    /** The gateway did not start: leave the exit code to the failure. */
    void startFailed() {
        startDone.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is already running and will find no stop to run
        }
    }

    private void onShutdown() {
        try {
            if (!startDone.await(MAX_START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Runnable s = stop;
        if (s == null) {
            return;
        }
        int code = ExitCodes.OK;
        try {
            s.run();
        } catch (RuntimeException | Error e) {
            LOG.error("Graceful shutdown failed", e);
            code = ExitCodes.INTERNAL;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
