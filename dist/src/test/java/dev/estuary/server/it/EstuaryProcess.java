package dev.estuary.server.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a real operating-system process, started through a launcher script the way the README does
 * ({@code bin/estuary start}), with its working directory, environment and captured stdout/stderr. Inherited
 * {@code ESTUARY_*} variables are removed so the tests see only the overrides they set.
 */
final class EstuaryProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private EstuaryProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The assembled distribution folder ({@code dist/target/estuary}). */
    static Path distHome() {
        return Path.of(System.getProperty("estuary.dist", "target/estuary")).toAbsolutePath().normalize();
    }

    /** The source checkout's root (where the top-level {@code bin/estuary} lives). */
    static Path projectRoot() {
        return Path.of(System.getProperty("estuary.project.root", "..")).toAbsolutePath().normalize();
    }

    static EstuaryProcess launch(Path launcher, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.toUpperCase(Locale.ROOT).startsWith("ESTUARY_"));
        e.put("JAVA_HOME", System.getProperty("java.home"));
        // a short-lived JVM starts faster without the optimising compiler; also exercises ESTUARY_JAVA_OPTS
        e.put("ESTUARY_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        // the management API's default port is fixed (18083); a free one keeps runs side by side apart
        e.put("ESTUARY_MANAGEMENT__BIND", "127.0.0.1:0");
        e.putAll(env);
        Path out = workDir.resolve("estuary.stdout");
        Path err = workDir.resolve("estuary.stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        return new EstuaryProcess(pb.start(), out, err);
    }

    /** {@code dist/target/estuary/bin/estuary start ...} in {@code workDir}. */
    static EstuaryProcess start(Path workDir, Map<String, String> env, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("start"));
        args.addAll(List.of(extraArgs));
        return launch(distHome().resolve("bin/estuary"), workDir, env, args.toArray(String[]::new));
    }

    /** Environment overrides putting the tcp listener on {@code tcpPort} and the ws listener on a free port. */
    static Map<String, String> listenOn(int tcpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("ESTUARY_LISTENERS__TCP__BIND", "127.0.0.1:" + tcpPort);
        env.put("ESTUARY_LISTENERS__WS__BIND", "127.0.0.1:0");
        env.put("ESTUARY_NODE__SHUTDOWN_TIMEOUT", "5s");
        return env;
    }

    void awaitAccepting(int port) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + " before listening:\n"
                        + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway did not exit within 30s:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (what {@code kill} and service managers send) and returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    long pid() {
        return process.pid();
    }

    List<String> stderrLines() throws IOException {
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }

    String stdoutText() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String output() {
        try {
            return "--- stdout\n" + stdoutText() + "--- stderr\n" + String.join("\n", stderrLines());
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
