package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.config.ConfigLoader;
import dev.estuary.server.Gateway;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estuary plugins list|install|enable|disable|uninstall} on a plugins folder of its own, with the bundled
 * example plugin's real archive, and a gateway started after each change to show the change took effect there.
 */
@Timeout(120)
class PluginsCommandIT {
    @TempDir
    Path dir;
    private Path plugins;
    private String cfg;
    private Path simZip;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        cfg = Files.writeString(dir.resolve("estuary.yaml"), "node:\n  data_dir: '" + dir.resolve("data") + "'\n"
                + "  plugins_dir: '" + plugins + "'\n  io_threads: 1\n"
                + "listeners:\n  tcp:\n    bind: 127.0.0.1:0\n  ws:\n    enabled: false\n"
                + "management:\n  enabled: false\n"
                + "persistence:\n  sync: none\n").toString();
        Path staging = BundledPlugins.copy(dir.resolve("staging"), "estuary-plugin-simulated-sensor");
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(staging, "*.zip")) {
            simZip = zips.iterator().next();
        }
    }

    /** The adapters a gateway started on the folder runs. */
    private List<String> adaptersAtStart() {
        Gateway g = new Gateway(new ConfigLoader(Map.of()).load(Path.of(cfg)));
        try {
            g.start();
            return g.plugins().runningAdapters();
        } finally {
            g.stop();
        }
    }

    private String listLine(String id) {
        Cli r = Cli.run("plugins", "list", "-c", cfg);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse(null);
    }

    @Test
    void install_list_disable_enable_and_uninstall_change_what_the_next_start_runs() {
        assertThat(listLine("simulated-sensor")).isNull();
        assertThat(adaptersAtStart()).doesNotContain("sim");

        Cli install = Cli.run("plugins", "install", "-c", cfg, simZip.toString());
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(install.out()).contains("installed plugin simulated-sensor");
        assertThat(listLine("simulated-sensor")).contains("ENABLED").contains("0.1.0");
        assertThat(adaptersAtStart()).contains("sim");

        Cli disable = Cli.run("plugins", "disable", "-c", cfg, "simulated-sensor");
        assertThat(disable.exitCode()).as(disable.err()).isZero();
        assertThat(listLine("simulated-sensor")).contains("DISABLED");
        assertThat(adaptersAtStart()).doesNotContain("sim");

        Cli enable = Cli.run("plugins", "enable", "-c", cfg, "simulated-sensor");
        assertThat(enable.exitCode()).as(enable.err()).isZero();
        assertThat(listLine("simulated-sensor")).contains("ENABLED");
        assertThat(adaptersAtStart()).contains("sim");

        Cli uninstall = Cli.run("plugins", "uninstall", "-c", cfg, "simulated-sensor");
        assertThat(uninstall.exitCode()).as(uninstall.err()).isZero();
        assertThat(listLine("simulated-sensor")).isNull();
        assertThat(adaptersAtStart()).doesNotContain("sim");
    }

    @Test
    void installing_twice_or_a_file_that_is_no_plugin_fails_with_a_reason_and_changes_nothing() throws IOException {
        assertThat(Cli.run("plugins", "install", "-c", cfg, simZip.toString()).exitCode()).isZero();
        Cli again = Cli.run("plugins", "install", "-c", cfg, simZip.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("already exists").contains("uninstall the plugin first");

        Path junk = Files.writeString(dir.resolve("not-a-plugin.zip"), "hello");
        Cli bad = Cli.run("plugins", "install", "-c", cfg, junk.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("is not a usable plugin");
        Cli missing = Cli.run("plugins", "install", "-c", cfg, dir.resolve("nope.zip").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no such file");

        try (DirectoryStream<Path> zips = Files.newDirectoryStream(plugins, "*.zip")) {
            assertThat(zips).extracting(p -> p.getFileName().toString()).containsExactly(simZip.getFileName()
                    .toString());
        }
    }

    @Test
    void unknown_plugin_ids_are_refused_by_name() {
        for (String cmd : new String[] {"enable", "disable", "uninstall"}) {
            Cli r = Cli.run("plugins", cmd, "-c", cfg, "no-such-plugin");
            assertThat(r.exitCode()).as(cmd).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(cmd).contains("no plugin 'no-such-plugin' in the plugins folder");
        }
    }
}
