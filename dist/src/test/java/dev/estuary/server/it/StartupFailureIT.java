package dev.estuary.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the gateway cannot start: exactly one line on stderr naming the cause, and a distinct
 * non-zero exit code (3 configuration, 4 startup). Run through the real launcher script, as a real process.
 */
@Timeout(120)
class StartupFailureIT {
    @TempDir
    Path work;

    @Test
    void port_in_use_prints_one_line_naming_listener_and_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (EstuaryProcess gateway = EstuaryProcess.start(work, EstuaryProcess.listenOn(port))) {
                assertThat(gateway.awaitExit()).as(gateway.output()).isEqualTo(4);
                assertThat(gateway.stderrLines()).hasSize(1).first().asString()
                        .startsWith("estuary: cannot start: listener tcp cannot bind 127.0.0.1:" + port + ": ")
                        .containsIgnoringCase("address already in use");
            }
        }
    }

    @Test
    void invalid_value_from_the_environment_names_the_variable_and_key() throws Exception {
        Map<String, String> env = new HashMap<>(EstuaryProcess.listenOn(Tools.freePort()));
        env.put("ESTUARY_MQTT__MAX_INFLIGHT", "0");
        try (EstuaryProcess gateway = EstuaryProcess.start(work, env)) {
            assertThat(gateway.awaitExit()).as(gateway.output()).isEqualTo(3);
            assertThat(gateway.stderrLines()).containsExactly("estuary: cannot start: environment variable "
                    + "ESTUARY_MQTT__MAX_INFLIGHT: mqtt.max_inflight: must be between 1 and 65535 (was 0)");
        }
    }

    @Test
    void invalid_value_in_estuary_yaml_of_the_working_directory_names_file_and_key() throws Exception {
        Files.writeString(work.resolve("estuary.yaml"), "mqtt:\n  keepalive_multiplier: 0.5\n");
        try (EstuaryProcess gateway = EstuaryProcess.start(work, EstuaryProcess.listenOn(Tools.freePort()))) {
            assertThat(gateway.awaitExit()).as(gateway.output()).isEqualTo(3);
            assertThat(gateway.stderrLines()).containsExactly("estuary: cannot start: estuary.yaml: "
                    + "mqtt.keepalive_multiplier: must be between 1.0 and 10.0 (was 0.5)");
        }
    }

    @Test
    void missing_config_file_given_with_c_is_a_clear_error() throws Exception {
        try (EstuaryProcess gateway = EstuaryProcess.start(work, EstuaryProcess.listenOn(Tools.freePort()),
                "-c", "missing.yaml")) {
            assertThat(gateway.awaitExit()).as(gateway.output()).isEqualTo(3);
            assertThat(gateway.stderrLines())
                    .containsExactly("estuary: cannot start: missing.yaml: config file not found (given with -c)");
        }
    }

    @Test
    void config_file_given_with_c_is_used() throws Exception {
        int port = Tools.freePort();
        Path file = Files.writeString(work.resolve("custom.yaml"),
                "listeners:\n  tcp:\n    bind: 127.0.0.1:" + port + "\n  ws:\n    enabled: false\n"
                        + "node:\n  data_dir: state\n");
        try (EstuaryProcess gateway = EstuaryProcess.start(work, Map.of(), "-c", file.toString())) {
            gateway.awaitAccepting(port);
            assertThat(gateway.terminate()).as(gateway.output()).isZero();
            assertThat(gateway.stdoutText()).contains("configuration from " + file).doesNotContain("listener ws");
            assertThat(work.resolve("state")).isDirectory();
        }
    }

    @Test
    void top_level_launcher_passes_commands_through_in_the_callers_directory() throws Exception {
        Files.writeString(work.resolve("estuary.yaml"), "mqtt:\n  max_inflight: 7\n");
        Path launcher = EstuaryProcess.projectRoot().resolve("bin/estuary");
        try (EstuaryProcess check = EstuaryProcess.launch(launcher, work, Map.of("ESTUARY_NO_BUILD", "1",
                "ESTUARY_MQTT__MAX_AWAITING_REL", "9"), "config", "show")) {
            assertThat(check.awaitExit()).as(check.output()).isZero();
            assertThat(check.stdoutText()).contains("Effective Estuary configuration: "
                    + work.toRealPath().resolve("estuary.yaml"), "max_inflight: 7", "max_awaiting_rel: 9",
                    "# Environment overrides: ");
            // EstuaryProcess adds its own overrides (the management API's port), so only this one is checked by name
            assertThat(check.stdoutText().lines().filter(l -> l.startsWith("# Environment overrides: ")))
                    .singleElement().asString().contains("ESTUARY_MQTT__MAX_AWAITING_REL");
        }
    }
}
