package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Locale;

/**
 * The process itself (the {@code node:} section).
 *
 * @param name             node name used in $SYS topics and logs. {@code estuary@127.0.0.1}.
 * @param dataDir          folder for the SQLite database and other state. {@code data}.
 * @param ioThreads        network event loops (also the session lanes); 0 = number of CPU cores.
 * @param nativeTransport  {@code auto} (epoll, else NIO), {@code epoll} (or {@code true}), {@code io_uring}
 *                         or {@code nio} (or {@code false}): the Netty transport.
 * @param shutdownTimeout  how long a graceful shutdown waits for clients and flushes. 10s.
 * @param pluginsDir       folder plugins are loaded from; a relative path is resolved against the distribution
 *                         folder (where {@code bin/estuary} lives), or the working directory when run otherwise.
 *                         {@code plugins}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeConfig(String name, String dataDir, Integer ioThreads, String nativeTransport,
                         Duration shutdownTimeout, String pluginsDir) {
    public static final NodeConfig DEFAULTS = new NodeConfig(null, null, null, null, null, null);

    public NodeConfig {
        name = Check.or(name, "estuary@127.0.0.1");
        if (name.isBlank() || name.contains("/") || name.contains("+") || name.contains("#")) {
            throw new ConfigException("name", "must be non-empty without '/', '+' or '#' (was '" + name + "')");
        }
        dataDir = Check.or(dataDir, "data");
        ioThreads = Check.intIn("io_threads", ioThreads, 0, 0, 1024);
        nativeTransport = Check.or(nativeTransport, "auto").toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("auto", "io_uring", "epoll", "nio", "true", "false").contains(nativeTransport)) {
            throw new ConfigException("native_transport", "must be auto, io_uring, epoll or nio (was '"
                    + nativeTransport + "')");
        }
        pluginsDir = Check.or(pluginsDir, "plugins");
        shutdownTimeout = Check.duration("shutdown_timeout", shutdownTimeout, Duration.ofSeconds(10),
                Duration.ZERO, Duration.ofMinutes(10));
    }

    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }
}
