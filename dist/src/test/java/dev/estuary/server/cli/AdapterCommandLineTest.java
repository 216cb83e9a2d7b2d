package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estuary ADAPTER ...} without plugin archives: host options, help, an empty or missing plugins folder. The
 * bundled plugins' commands are exercised by {@code AdapterCommandLineIT}.
 */
@Timeout(20)
class AdapterCommandLineTest {
    @TempDir
    Path dir;

    private String config(String pluginsDir) throws Exception {
        return Files.writeString(dir.resolve("estuary.yaml"), "node:\n  data_dir: '" + dir.resolve("data")
                + "'\n  plugins_dir: '" + pluginsDir + "'\n").toString();
    }

    @Test
    void host_options_are_taken_wherever_they_appear_before_a_double_dash() {
        HostArguments a = HostArguments.parse("coap", "psk", "-c", "a.yaml", "add", "id", "--db=x.db", "--hex", "00");
        assertThat(a.adapterId()).isEqualTo("coap");
        assertThat(a.commandName()).isEqualTo("psk");
        assertThat(a.commandArgs()).containsExactly("add", "id", "--hex", "00");
        assertThat(a.configFile()).isEqualTo(Path.of("a.yaml"));
        assertThat(a.dbFile()).isEqualTo(Path.of("x.db"));

        HostArguments b = HostArguments.parse("coap", "--config=b.yaml", "psk", "add", "--", "-c", "--db", "x");
        assertThat(b.commandName()).isEqualTo("psk");
        assertThat(b.configFile()).isEqualTo(Path.of("b.yaml"));
        assertThat(b.dbFile()).isNull();
        assertThat(b.commandArgs()).containsExactly("add", "--", "-c", "--db", "x");

        assertThat(HostArguments.parse("lorawan").commandName()).isNull();
    }

    @Test
    void a_host_option_without_its_file_or_given_twice_is_refused() {
        assertThatThrownBy(() -> HostArguments.parse("coap", "psk", "list", "--db"))
                .hasMessage("option --db needs a FILE");
        assertThatThrownBy(() -> HostArguments.parse("coap", "psk", "list", "--config="))
                .hasMessage("option --config needs a FILE");
        assertThatThrownBy(() -> HostArguments.parse("coap", "-c", "a", "psk", "-c", "b"))
                .hasMessage("option -c/--config given twice");
    }

    @Test
    void a_host_option_error_is_a_usage_error() {
        Cli r = Cli.run("coap", "psk", "list", "--db");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("estuary: option --db needs a FILE" + System.lineSeparator());
    }

    @Test
    void help_explains_adapter_commands() {
        Cli r = Cli.run("--help");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("Adapter commands", "estuary ADAPTER COMMAND [ARGS...]", "estuary coap psk list",
                "5   a management command failed");
    }

    @Test
    void an_unknown_word_with_no_plugins_says_that_no_plugin_contributes_commands() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Cli r = Cli.run("frobnicate", "-c", config(plugins.toString()));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).containsExactly(
                "estuary: 'frobnicate' is neither a command nor an adapter with commands",
                "No plugin in " + plugins + " contributes commands.",
                "Run 'estuary --help' for the built-in commands.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_missing_plugins_folder_is_not_created_by_an_adapter_command() throws Exception {
        Path plugins = dir.resolve("no-plugins");
        Cli r = Cli.run("coap", "psk", "list", "-c", config(plugins.toString()));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(plugins).doesNotExist();
        assertThat(dir.resolve("data")).as("nothing to run: no database either").doesNotExist();
    }

    @Test
    void a_bad_configuration_is_a_configuration_error() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "node:\n  frobnicate: 1\n");
        Cli r = Cli.run("coap", "psk", "list", "-c", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).startsWith("estuary: " + bad).contains("frobnicate");
        assertThat(Cli.run("coap", "-c", dir.resolve("missing.yaml").toString()).err())
                .contains("config file not found (given with -c)");
    }

    @Test
    void built_in_commands_and_options_still_go_to_picocli() {
        assertThat(AdapterCommandLine.applies(picocli(), "users", "list")).isFalse();
        assertThat(AdapterCommandLine.applies(picocli(), "--version")).isFalse();
        assertThat(AdapterCommandLine.applies(picocli())).isFalse();
        assertThat(AdapterCommandLine.applies(picocli(), "coap")).isTrue();
        assertThat(List.of("start", "config", "plugins", "users", "acl", "version", "help"))
                .allSatisfy(c -> assertThat(AdapterCommandLine.applies(picocli(), c)).as(c).isFalse());
    }

    private static picocli.CommandLine picocli() {
        return new picocli.CommandLine(new dev.estuary.server.Main());
    }
}
