package dev.estuary.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code estuary config check [-c FILE]}: loads and validates the configuration (file plus environment overrides);
 * prints {@code ok} with the source, or the one-line error and exits {@link ExitCodes#CONFIG}.
 */
@Command(name = "check", description = "Validate the configuration file and environment overrides")
public final class ConfigCheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String source = configOption.describe();
        configOption.load();
        spec.commandLine().getOut().println("configuration ok: " + source);
        return ExitCodes.OK;
    }
}
