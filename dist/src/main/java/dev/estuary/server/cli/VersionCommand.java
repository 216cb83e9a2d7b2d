package dev.estuary.server.cli;

import picocli.CommandLine.Command;

/** {@code estuary version}. */
@Command(name = "version", description = "Print the version")
public final class VersionCommand implements Runnable {
    @Override
    public void run() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        System.out.println("estuary " + (v == null ? "dev" : v));
    }
}
