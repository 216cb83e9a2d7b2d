package dev.estuary.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code estuary config show|check}: the effective configuration, without starting anything. */
@Command(name = "config", description = "Show or check the effective configuration",
        subcommands = {ConfigShowCommand.class, ConfigCheckCommand.class})
public final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: show or check");
    }
}
