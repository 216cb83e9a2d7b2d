package dev.estuary.server;

import dev.estuary.server.cli.StartCommand;
import dev.estuary.server.cli.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code estuary} command. Subcommands are registered here, one class each in {@code dev.estuary.server.cli}.
 */
@Command(name = "estuary", mixinStandardHelpOptions = true,
        description = "Estuary multi-protocol IoT gateway",
        subcommands = {StartCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
