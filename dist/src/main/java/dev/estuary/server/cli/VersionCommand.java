package dev.estuary.server.cli;

import dev.estuary.server.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code estuary version}. */
@Command(name = "version", description = "Print the version")
public final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("estuary " + Version.current());
    }
}
