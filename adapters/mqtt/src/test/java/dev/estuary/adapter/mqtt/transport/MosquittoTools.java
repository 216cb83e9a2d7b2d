package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the Mosquitto programs the interoperability tests run, and runs the short-lived ones. */
final class MosquittoTools {
    static final Path BROKER = Path.of("/usr/sbin/mosquitto");

    private MosquittoTools() {
    }

    /** The mosquitto broker; fails the test with what to install when it is missing. */
    static Path broker() {
        assertThat(Files.isExecutable(BROKER))
                .as("%s is missing: install the Debian package 'mosquitto' (apt-get install mosquitto) "
                        + "or run .ci/run, which installs it", BROKER)
                .isTrue();
        return BROKER;
    }

    /** A client program such as mosquitto_pub; fails the test with what to install when it is missing. */
    static Path client(String name) {
        Path p = Path.of("/usr/bin", name);
        assertThat(Files.isExecutable(p))
                .as("%s is missing: install the Debian package 'mosquitto-clients' or run .ci/run, which installs it",
                        p)
                .isTrue();
        return p;
    }

    /** Result of a finished program. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code name args...} to completion (at most 15 s) and returns its exit code and combined output. */
    static Result run(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(client(name).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 15 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
