package dev.estuary.adapter.coap.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs libcoap's {@code coap-client} (Debian package {@code libcoap3-bin}): {@code coap-client-notls} for plain
 * CoAP and {@code coap-client-openssl} for DTLS. Missing binaries fail the test with the command that installs
 * them.
 */
final class CoapCli {
    static final String NOTLS = "coap-client-notls";
    static final String OPENSSL = "coap-client-openssl";

    private CoapCli() {
    }

    /** The output of one run. */
    record Result(int exit, String out, String err) {
    }

    static void requireInstalled(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return;
            }
        }
        throw new AssertionError(binary + " is not installed: install the Debian package libcoap3-bin "
                + "(apt-get install -y libcoap3-bin) or run .ci/run, which installs it");
    }

    /** Runs to completion (at most 30 s). */
    static Result run(String binary, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("coap-client", ".out");
        Path err = Files.createTempFile("coap-client", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts a long-running coap-client (an observation) whose output is read as it comes. coap-client
     * buffers stdout into a pipe, so it runs under coreutils' {@code stdbuf -o0}.
     */
    static Live start(String binary, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("stdbuf");
        cmd.add("-o0");
        cmd.add(binary);
        cmd.addAll(List.of(args));
        return new Live(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
    }

    /** A running coap-client. */
    static final class Live implements AutoCloseable {
        private final Process process;
        private final StringBuilder output = new StringBuilder();
        private final Thread reader;

        private Live(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (InputStreamReader r = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                    char[] buf = new char[4096];
                    int n;
                    while ((n = r.read(buf)) >= 0) {
                        synchronized (output) {
                            output.append(buf, 0, n);
                            output.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // process gone
                }
            }, "coap-client-output");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Waits until the output contains {@code fragment} and returns the output so far. (coap-client prints
         * each notification's payload as it arrives, without a separator.)
         */
        String awaitOutput(String fragment, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            synchronized (output) {
                while (output.indexOf(fragment) < 0) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("coap-client printed no '" + fragment + "' within " + timeout
                                + "; it printed [" + output + "]");
                    }
                    TimeUnit.NANOSECONDS.timedWait(output, left);
                }
                return output.toString();
            }
        }

        /** Waits for the process to end by itself. */
        int waitForExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("coap-client still running after " + timeout);
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join(2000);
        }
    }
}
