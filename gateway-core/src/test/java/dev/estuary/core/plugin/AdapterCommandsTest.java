package dev.estuary.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.spi.CommandContext;
import dev.estuary.testplugins.BadlyNamedCommand;
import dev.estuary.testplugins.EchoAdapter;
import dev.estuary.testplugins.ForgetCommand;
import dev.estuary.testplugins.SayCommand;
import dev.estuary.testplugins.UnconstructibleCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Commands contributed by real plugin archives, found without starting any adapter. */
@Timeout(30)
class AdapterCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AdapterStore shared = new InMemoryAdapterStore();

    private Path plugins() throws Exception {
        return Files.createDirectories(dir.resolve("plugins"));
    }

    private CommandContext context(String adapterId, String yaml) {
        EstuaryConfig config = new ConfigLoader(Map.of()).parse(yaml, "test.yaml");
        AdapterStore store = InMemoryAdapterStore.scoped(shared, adapterId);
        AdapterConfig section = AdapterRuntime.configOf(config, adapterId);
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        return new CommandContext() {
            @Override
            public AdapterStore store() {
                return store;
            }

            @Override
            public AdapterConfig config() {
                return section;
            }

            @Override
            public PrintWriter out() {
                return o;
            }

            @Override
            public PrintWriter err() {
                return e;
            }
        };
    }

    @Test
    void commands_of_a_plugin_are_found_by_adapter_id_and_name_next_to_its_adapter() throws Exception {
        PluginZip.build(plugins(), "echo-plugin", EchoAdapter.class, SayCommand.class, ForgetCommand.class);
        try (AdapterCommands commands = AdapterCommands.load(plugins())) {
            assertThat(commands.adapterIds()).containsExactly("echo");
            assertThat(commands.commandsOf("echo")).extracting(AdapterCommand::name).containsExactly("forget", "say");
            assertThat(commands.find("echo", "say")).isPresent();
            assertThat(commands.find("echo", "shout")).isEmpty();
            assertThat(commands.commandsOf("coap")).isEmpty();
            assertThat(commands.problems()).isEmpty();
        }
    }

    @Test
    void a_command_runs_from_its_plugin_with_the_store_and_configuration_it_is_given() throws Exception {
        PluginZip.build(plugins(), "echo-plugin", SayCommand.class, ForgetCommand.class);
        try (AdapterCommands commands = AdapterCommands.load(plugins())) {
            AdapterCommand say = commands.find("echo", "say").orElseThrow();
            assertThat(say.getClass().getClassLoader()).isInstanceOf(EstuaryPluginClassLoader.class);
            CommandContext ctx = context("echo", "adapters:\n  echo:\n    prefix: '> '\n");

            assertThat(say.run(List.of("hello", "world"), ctx)).isEqualTo(AdapterCommand.OK);
            assertThat(out.toString()).isEqualTo("> hello world" + System.lineSeparator());
            assertThat(shared.get("echo/said", "last")).isPresent();
            assertThat(new String(ctx.store().get("said", "last").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("hello world");

            assertThat(say.run(List.of(), ctx)).isEqualTo(AdapterCommand.USAGE);
            AdapterCommand forget = commands.find("echo", "forget").orElseThrow();
            assertThat(forget.run(List.of(), ctx)).isEqualTo(AdapterCommand.OK);
            assertThat(forget.run(List.of(), ctx)).isEqualTo(AdapterCommand.FAILED);
            assertThat(err.toString()).contains("usage: echo say", "nothing to forget");
        }
    }

    @Test
    void broken_badly_named_and_duplicate_commands_are_reported_and_the_others_stay_usable() throws Exception {
        PluginZip.build(plugins(), "echo-plugin", SayCommand.class, BadlyNamedCommand.class);
        PluginZip.build(plugins(), "echo-copy", SayCommand.class, ForgetCommand.class);
        PluginZip.build(plugins(), "broken-plugin", UnconstructibleCommand.class);
        try (AdapterCommands commands = AdapterCommands.load(plugins())) {
            assertThat(commands.adapterIds()).containsExactly("echo");
            assertThat(commands.commandsOf("echo")).extracting(AdapterCommand::name).containsExactly("forget", "say");
            assertThat(commands.problems()).hasSize(3)
                    .anySatisfy(p -> assertThat(p).isEqualTo("plugin 'broken-plugin' command "
                            + UnconstructibleCommand.class.getName() + " cannot be created: "
                            + "java.lang.IllegalStateException: no frobnicator"))
                    .anySatisfy(p -> assertThat(p).startsWith("plugin 'echo-plugin' command ")
                            .contains("invalid adapter id or name ('echo', 'Shout Loudly')"))
                    .anySatisfy(p -> assertThat(p).matches("plugin 'echo-(plugin|copy)' command 'echo say' is "
                            + "already provided by plugin 'echo-(plugin|copy)'; ignored"));
        }
    }

    @Test
    void disabled_plugins_contribute_no_commands() throws Exception {
        PluginZip.build(plugins(), "echo-plugin", SayCommand.class);
        Files.writeString(plugins().resolve("disabled.txt"), "echo-plugin\n");
        try (AdapterCommands commands = AdapterCommands.load(plugins())) {
            assertThat(commands.adapterIds()).isEmpty();
            assertThat(commands.disabledPlugins()).containsExactly("echo-plugin");
        }
    }

    @Test
    void a_missing_plugins_folder_has_no_commands_and_is_not_created() {
        Path missing = dir.resolve("no-plugins-here");
        try (AdapterCommands commands = AdapterCommands.load(missing)) {
            assertThat(commands.adapterIds()).isEmpty();
            assertThat(commands.problems()).isEmpty();
        }
        assertThat(missing).doesNotExist();
    }
}
