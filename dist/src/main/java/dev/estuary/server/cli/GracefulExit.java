package dev.estuary.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a graceful stop when the JVM is asked to shut down (SIGTERM, Ctrl-C / SIGINT, SIGHUP) and then ends the
 * process with exit code 0, or 1 if the stop failed. A JVM ending on a signal would otherwise report 128 + signal
 * (143 for SIGTERM) even after a clean shutdown, which service managers and scripts read as a failure; so the hook
 * halts the JVM itself once the stop is done. Put shutdown work in {@code Gateway.stop()}, not in other hooks:
 * they may be cut short by the halt.
 */
final class GracefulExit {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulExit.class);

    private GracefulExit() {
    }

    static void onSignal(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int code = ExitCodes.OK;
            try {
                stop.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Graceful shutdown failed", e);
                code = ExitCodes.INTERNAL;
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }, "estuary-shutdown"));
    }
}
