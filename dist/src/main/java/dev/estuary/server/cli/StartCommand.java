package dev.estuary.server.cli;

import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.server.Gateway;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code estuary start}: runs the gateway in the foreground until SIGTERM / Ctrl-C. */
@Command(name = "start", description = "Run the gateway in the foreground")
public final class StartCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Gateway gateway = new Gateway(EstuaryConfig.DEFAULTS);
        gateway.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            stopped.countDown();
        }, "estuary-shutdown"));
        stopped.await();
        return 0;
    }
}
