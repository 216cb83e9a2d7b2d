package dev.estuary.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/estuary coap psk ...} as a real process of the assembled distribution, with its bundled plugins folder:
 * the command finds the database like {@code estuary users} ({@code ./estuary.yaml}, environment overrides) and its
 * standard output carries the results only, none of the plugin framework's narration.
 */
@Timeout(120)
class AdapterCommandProcessIT {
    @TempDir
    Path work;

    private EstuaryProcess estuary(Map<String, String> env, String... args) throws Exception {
        return EstuaryProcess.launch(EstuaryProcess.distHome().resolve("bin/estuary"), work, env, args);
    }

    @Test
    void psk_commands_of_the_bundled_coap_plugin_print_only_their_results() throws Exception {
        Files.writeString(work.resolve("estuary.yaml"), "node:\n  data_dir: state\n");
        try (EstuaryProcess add = estuary(Map.of(), "coap", "psk", "add", "dev-1", "--text", "s3cret")) {
            assertThat(add.awaitExit()).as(add.output()).isZero();
            assertThat(add.stdoutText()).contains("added PSK identity 'dev-1' (6-byte key)");
            assertThat(add.stdoutText().toLowerCase()).doesNotContain("pf4j", "plugin");
            assertThat(add.stderrLines()).isEmpty();
        }
        assertThat(work.resolve("state/estuary.db")).as("node.data_dir of ./estuary.yaml").isRegularFile();

        try (EstuaryProcess list = estuary(Map.of(), "coap", "psk", "list")) {
            assertThat(list.awaitExit()).as(list.output()).isZero();
            assertThat(list.stdoutText()).isEqualTo(String.join(System.lineSeparator(), "IDENTITY", "dev-1",
                    "1 identity", ""));
        }

        try (EstuaryProcess other = estuary(Map.of("ESTUARY_NODE__DATA_DIR", "elsewhere"), "coap", "psk", "list")) {
            assertThat(other.awaitExit()).as(other.output()).isZero();
            assertThat(other.stdoutText()).as("an environment override moves the database").endsWith(
                    "IDENTITY" + System.lineSeparator() + "0 identities" + System.lineSeparator());
        }

        try (EstuaryProcess unknown = estuary(Map.of(), "coap", "keys")) {
            assertThat(unknown.awaitExit()).isEqualTo(2);
            assertThat(unknown.stderrLines()).first().isEqualTo("estuary: adapter 'coap' has no command 'keys'");
        }
    }
}
