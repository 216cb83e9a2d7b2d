package dev.estuary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.StartupException;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway assembly in-process: data directory, listeners from the configuration, startup failures. */
@Timeout(30)
class GatewayTest {
    @TempDir
    Path dir;

    private EstuaryConfig config(String dataDir) {
        return new ConfigLoader(Map.of(
                "ESTUARY_LISTENERS__TCP__BIND", "127.0.0.1:0", "ESTUARY_MANAGEMENT__BIND", "127.0.0.1:0",
                "ESTUARY_LISTENERS__WS__BIND", "127.0.0.1:0",
                "ESTUARY_NODE__IO_THREADS", "1",
                "ESTUARY_NODE__DATA_DIR", dataDir)).load(null);
    }

    @Test
    void start_creates_the_data_directory_and_binds_the_listeners() {
        Path data = dir.resolve("state/nested");
        try (Gateway gateway = new Gateway(config(data.toString()))) {
            gateway.start();
            assertThat(data).isDirectory();
            assertThat(gateway.dataDir()).isEqualTo(data.toAbsolutePath());
            assertThat(gateway.mqtt().port(ListenerKind.TCP)).isPositive();
            assertThat(gateway.mqtt().port(ListenerKind.WS)).isPositive();
            assertThat(gateway.mqtt().isRunning(ListenerKind.SSL)).isFalse();
        }
    }

    @Test
    void data_directory_that_is_a_file_stops_startup_naming_it() throws Exception {
        Path file = Files.writeString(dir.resolve("occupied"), "x");
        Gateway gateway = new Gateway(config(file.toString()));
        assertThatThrownBy(gateway::start).isInstanceOf(StartupException.class)
                .hasMessageStartingWith("cannot create data directory " + file.toAbsolutePath() + " (node.data_dir)");
    }
}
