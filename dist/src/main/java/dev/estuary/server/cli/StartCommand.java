package dev.estuary.server.cli;

import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.server.Gateway;
import dev.estuary.server.Version;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code estuary start [-c FILE]}: runs the gateway in the foreground, logging to the console, until SIGTERM or
 * Ctrl-C; then it stops gracefully and the process exits 0. Startup problems end it with one line on stderr
 * (see {@link FailureHandler}).
 */
@Command(name = "start", description = "Run the gateway in the foreground (stop with Ctrl-C or SIGTERM)")
public final class StartCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws InterruptedException {
        GracefulExit exit = GracefulExit.install();
        Gateway gateway;
        try {
            gateway = start();
        } catch (RuntimeException | Error e) {
            exit.startFailed();
            throw e;
        }
        exit.started(gateway::stop);
        LOG.info("Estuary is running; stop it with Ctrl-C or SIGTERM");
        new CountDownLatch(1).await();
        return ExitCodes.OK;
    }

    private Gateway start() {
        String source = configOption.describe();
        EstuaryConfig config = configOption.load();
        LOG.info("Estuary {} starting with configuration from {}", Version.current(), source);
        Gateway gateway = new Gateway(config);
        gateway.start();
        return gateway;
    }
}
