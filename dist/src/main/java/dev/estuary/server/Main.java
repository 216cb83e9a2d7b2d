package dev.estuary.server;

import dev.estuary.server.cli.AclCommand;
import dev.estuary.server.cli.AdapterCommandLine;
import dev.estuary.server.cli.ConfigCommand;
import dev.estuary.server.cli.PluginsCommand;
import dev.estuary.server.cli.ExitCodes;
import dev.estuary.server.cli.FailureHandler;
import dev.estuary.server.cli.StartCommand;
import dev.estuary.server.cli.UsersCommand;
import dev.estuary.server.cli.VersionCommand;
import dev.estuary.server.cli.ctl.CtlCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code estuary} command. Subcommands are registered here, one class each in {@code dev.estuary.server.cli};
 * a first argument that is none of them names an adapter whose plugin contributes commands
 * ({@link AdapterCommandLine}).
 * Failures print one line on stderr and exit with a code from {@link dev.estuary.server.cli.ExitCodes}.
 */
@Command(name = "estuary", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Estuary multi-protocol IoT gateway",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":ok (also after a graceful stop by SIGTERM / Ctrl-C)",
            ExitCodes.INTERNAL + ":internal error (a bug; the log has the details)",
            ExitCodes.USAGE + ":usage error",
            ExitCodes.CONFIG + ":invalid configuration",
            ExitCodes.STARTUP + ":cannot start (port in use, unreadable certificate, data directory)",
            ExitCodes.FAILED + ":a management command failed (users, acl, ctl, adapter commands: no such entry, "
                + "invalid rule, unusable database, the management API refused or cannot be reached)"},
        footerHeading = "%nAdapter commands (contributed by the plugins in the plugins folder):%n",
        footer = {
            "  estuary ADAPTER                    lists an adapter's commands (estuary coap)",
            "  estuary ADAPTER COMMAND [ARGS...]  runs one (estuary coap psk list); the",
            "                                     database is found as for 'users' (-c FILE,",
            "                                     ./estuary.yaml, ESTUARY_* variables, --db)"},
        subcommands = {StartCommand.class, ConfigCommand.class, PluginsCommand.class, VersionCommand.class,
            UsersCommand.class, AclCommand.class, CtlCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return dispatch(commandLine(), args);
    }

    /** Runs the command line with its output and errors captured (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return dispatch(commandLine().setOut(out).setErr(err), args);
    }

    /** A built-in command through picocli, else an adapter plugin's command ({@link AdapterCommandLine}). */
    private static int dispatch(CommandLine estuary, String... args) {
        if (AdapterCommandLine.applies(estuary, args)) {
            return new AdapterCommandLine(estuary.getOut(), estuary.getErr()).run(args);
        }
        return estuary.execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new FailureHandler());
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code estuary --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"estuary " + Version.current()};
        }
    }
}
