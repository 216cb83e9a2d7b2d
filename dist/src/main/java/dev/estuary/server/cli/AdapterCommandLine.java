package dev.estuary.server.cli;

import ch.qos.logback.classic.Level;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.SqliteAdapterStore;
import dev.estuary.core.config.ConfigException;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.AdapterCommands;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterConfigException;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.spi.CommandContext;
import dev.estuary.core.store.Database;
import dev.estuary.core.store.StoreException;
import dev.estuary.server.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code estuary ADAPTER [COMMAND ARGS...]}: runs a command an adapter plugin contributes ({@link AdapterCommand}),
 * e.g. {@code estuary coap psk add sensor-7 --hex 00112233}. The plugins folder is loaded (no adapter is started),
 * the database is opened exactly like {@code estuary users} opens it ({@code -c FILE} or {@code ./estuary.yaml},
 * environment overrides, {@code node.data_dir} or {@code --db FILE}) and the command gets the adapter's store and
 * configuration. {@code estuary ADAPTER} alone lists the adapter's commands; an unknown adapter lists the adapters
 * that have commands. Exit codes are those of {@link ExitCodes}; the command's own code is passed through.
 */
public final class AdapterCommandLine {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterCommandLine.class);

    private final PrintWriter out;
    private final PrintWriter err;

    public AdapterCommandLine(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** True when {@code args} start with a word that is not one of {@code estuary}'s built-in commands or options. */
    public static boolean applies(CommandLine estuary, String... args) {
        return args.length > 0 && !args[0].isEmpty() && !args[0].startsWith("-")
                && !estuary.getSubcommands().containsKey(args[0]);
    }

    /** Runs {@code estuary ARGS...} where {@code args[0]} is an adapter id; returns the exit code. */
    public int run(String... args) {
        try {
            return dispatch(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(String[] args) {
        HostArguments host;
        try {
            host = HostArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("estuary: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        DatabaseOptions db = host.databaseOptions();
        EstuaryConfig config;
        try {
            config = db.config.load();
        } catch (ConfigException e) {
            err.println("estuary: " + e.getMessage().replace('\n', ' '));
            return ExitCodes.CONFIG;
        }
        quietPluginFramework();
        try (AdapterCommands commands = AdapterCommands.load(Gateway.pluginsDir(config))) {
            String adapterId = host.adapterId();
            if (commands.commandsOf(adapterId).isEmpty()) {
                return unknownAdapter(adapterId, commands, Gateway.pluginsDir(config));
            }
            String name = host.commandName();
            if (name == null || name.equals("-h") || name.equals("--help") || name.equals("help")) {
                list(out, adapterId, commands.commandsOf(adapterId));
                return ExitCodes.OK;
            }
            Optional<AdapterCommand> command = commands.find(adapterId, name);
            if (command.isEmpty()) {
                err.println("estuary: adapter '" + adapterId + "' has no command '" + Text.printable(name) + "'");
                list(err, adapterId, commands.commandsOf(adapterId));
                return ExitCodes.USAGE;
            }
            return run(command.get(), host, db, config);
        }
    }

    private int run(AdapterCommand command, HostArguments host, DatabaseOptions db, EstuaryConfig config) {
        String label = host.adapterId() + " " + command.name();
        try (Database d = db.open()) {
            AdapterStore store = new SqliteAdapterStore(d, Clock.systemUTC()).forAdapter(host.adapterId());
            AdapterConfig section = AdapterRuntime.configOf(config, host.adapterId());
            return command.run(host.commandArgs(), new Context(store, section, out, err));
        } catch (CliException | StoreException e) {
            err.println("estuary: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (AdapterConfigException e) {
            err.println("estuary: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Unexpected failure of 'estuary {}'", label, e);
            err.println("estuary: internal error in '" + label + "': " + e + " (the log has the details)");
            return ExitCodes.INTERNAL;
        }
    }

    private int unknownAdapter(String adapterId, AdapterCommands commands, Path pluginsDir) {
        err.println("estuary: '" + Text.printable(adapterId) + "' is neither a command nor an adapter with "
                + "commands");
        if (commands.adapterIds().isEmpty()) {
            err.println("No plugin in " + pluginsDir + " contributes commands.");
        } else {
            err.println("Adapters with commands: " + String.join(", ", commands.adapterIds())
                    + " (estuary ADAPTER lists them)");
        }
        for (String p : commands.problems()) {
            err.println("note: " + p);
        }
        if (!commands.disabledPlugins().isEmpty()) {
            err.println("note: disabled plugins contribute no commands: "
                    + String.join(", ", commands.disabledPlugins()));
        }
        err.println("Run 'estuary --help' for the built-in commands.");
        return ExitCodes.USAGE;
    }

    private static void list(PrintWriter to, String adapterId, List<AdapterCommand> commands) {
        to.println("Commands of adapter '" + adapterId + "' (estuary " + adapterId + " COMMAND ARGS...):");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (AdapterCommand c : commands) {
            String description;
            try {
                description = c.description();
            } catch (RuntimeException | LinkageError e) {
                description = "(no description: " + e + ")";
            }
            to.printf("  %-" + width + "s  %s%n", c.name(), description);
        }
    }

    /**
     * PF4J narrates every plugin it loads and starts at INFO, and logs go to standard output with the command's
     * results: unless the logging configuration names a level for {@code org.pf4j}, only its warnings are kept.
     */
    private static void quietPluginFramework() {
        if (LoggerFactory.getLogger("org.pf4j") instanceof ch.qos.logback.classic.Logger pf4j
                && pf4j.getLevel() == null) {
            pf4j.setLevel(Level.WARN);
        }
    }

    /** What a command gets: its adapter's store and configuration, and the command line's streams. */
    private record Context(AdapterStore store, AdapterConfig config, PrintWriter out, PrintWriter err)
            implements CommandContext {
    }
}
