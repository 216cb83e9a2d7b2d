package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code estuary} command line in-process: config show/check, exit codes, one-line errors. */
@Timeout(20)
class CliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void config_check_accepts_a_valid_file() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "mqtt:\n  max_inflight: 64\n");
        assertThat(run("config", "check", "-c", f.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("configuration ok: " + f + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void config_check_reports_a_bad_value_in_one_line_with_exit_code_3() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "listeners:\n  tcp:\n    max_connections: 0\n");
        assertThat(run("config", "check", "-c", f.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).isEqualTo("estuary: " + f
                + ": listeners.tcp.max_connections: must be between 1 and 2147483647 (was 0)" + System.lineSeparator());
    }

    @Test
    void missing_file_given_with_c_is_a_config_error() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(run("config", "check", "--config", missing.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString().trim()).isEqualTo("estuary: " + missing + ": config file not found (given with -c)");
    }

    @Test
    void config_show_prints_every_key_and_loads_back() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "mqtt:\n  idle_timeout: 30s\n");
        assertThat(run("config", "show", "-c", f.toString())).isEqualTo(ExitCodes.OK);
        EstuaryConfig shown = new ConfigLoader(Map.of()).parse(out.toString(), "shown");
        assertThat(shown.mqtt().idleTimeout()).hasSeconds(30);
        assertThat(shown).isEqualTo(EstuaryConfig.DEFAULTS.withMqtt(shown.mqtt()));
        assertThat(out.toString()).contains("idle_timeout: 30s", "bind: 0.0.0.0:1883", "store_qos0: false");
    }

    @Test
    void config_show_redacts_passwords() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "tls:\n  keyfile_password: hunter2\n");
        assertThat(run("config", "show", "-c", f.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("keyfile_password: " + ConfigShowCommand.REDACTED)
                .doesNotContain("hunter2");
    }

    @Test
    void unreadable_certificate_stops_start_with_one_line_and_exit_code_4() throws Exception {
        Path cert = dir.resolve("missing-cert.pem");
        Path f = Files.writeString(dir.resolve("tls.yaml"), "listeners:\n  tcp: {bind: 127.0.0.1:0}\n"
                + "  ws: {bind: 127.0.0.1:0}\n  ssl: {bind: 127.0.0.1:0}\n  wss: {enabled: false}\nmanagement: {enabled: false}\n"
                + "tls:\n  certfile: " + cert + "\n  keyfile: " + dir.resolve("missing-key.pem") + "\n"
                + "node:\n  data_dir: " + dir.resolve("data") + "\n");
        assertThat(run("start", "-c", f.toString())).isEqualTo(ExitCodes.STARTUP);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("estuary: cannot start: TLS listeners cannot start: tls.")
                .contains("missing-");
    }

    @Test
    void data_directory_that_cannot_be_created_stops_start_with_exit_code_4() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path f = Files.writeString(dir.resolve("a.yaml"), "listeners:\n  tcp: {bind: 127.0.0.1:0}\n"
                + "  ws: {bind: 127.0.0.1:0}\nmanagement: {enabled: false}\nnode:\n  data_dir: " + blocker.resolve("data") + "\n");
        assertThat(run("start", "-c", f.toString())).isEqualTo(ExitCodes.STARTUP);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("estuary: cannot start: cannot create data directory " + blocker.resolve("data"));
    }

    @Test
    void unknown_option_is_a_usage_error() {
        assertThat(run("start", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void config_without_subcommand_is_a_usage_error() {
        assertThat(run("config")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void help_lists_the_commands_and_exit_codes() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("start", "config", "version", "Exit codes:",
                "3   invalid configuration");
    }

    @Test
    void no_command_prints_the_usage() {
        assertThat(run()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("Usage: estuary");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void version_prints_a_version() {
        assertThat(run("version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("estuary ");
    }
}
