package dev.estuary.server;

import dev.estuary.server.cli.AclCommand;
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
 * The {@code estuary} command. Subcommands are registered here, one class each in {@code dev.estuary.server.cli}.
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
            ExitCodes.FAILED + ":a users/acl/ctl command failed (no such user or rule, invalid rule, unusable database,"
                + " the management API refused or cannot be reached)"},
        subcommands = {StartCommand.class, ConfigCommand.class, PluginsCommand.class, VersionCommand.class,
            UsersCommand.class, AclCommand.class, CtlCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with its output and errors captured (tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
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
