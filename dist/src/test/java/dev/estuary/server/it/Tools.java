package dev.estuary.server.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** External tools and free ports for the process-level tests. */
final class Tools {
    private Tools() {
    }

    /**
     * The path of a command-line tool the tests drive, failing (not skipping) with how to install it.
     */
    static String require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(command + " is not installed: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ") or run .ci/run, which installs it");
    }

    /** A port that was free a moment ago (the gateway binds it by number, given through the environment). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
