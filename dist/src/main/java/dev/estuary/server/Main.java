package dev.estuary.server;

import dev.estuary.server.cli.AclCommand;
import dev.estuary.server.cli.StartCommand;
import dev.estuary.server.cli.UsersCommand;
import dev.estuary.server.cli.VersionCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code estuary} command. Subcommands are registered here, one class each in {@code dev.estuary.server.cli}.
 */
@Command(name = "estuary", mixinStandardHelpOptions = true,
        description = "Estuary multi-protocol IoT gateway",
        subcommands = {StartCommand.class, VersionCommand.class, UsersCommand.class, AclCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Runs the command line writing to {@code out} and {@code err} (tests capture the output this way). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
