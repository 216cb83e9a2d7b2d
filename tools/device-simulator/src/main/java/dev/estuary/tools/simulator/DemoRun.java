package dev.estuary.tools.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo mode: N devices say HELLO, each sends a JSON reading on channel {@code telemetry} every interval, answers
 * PING... and acknowledges every DOWNLINK with the result {@code "done"}, printing what it received.
 */
public final class DemoRun {
    private final Options options;
    private final PrintStream out;

    DemoRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * A demo run from command-line options (those of {@link Options#USAGE}), printing to {@code out}.
     *
     * @throws IllegalArgumentException for a malformed command line
     */
    public DemoRun(String[] args, PrintStream out) {
        this(new Options(args), out);
    }

    /** Runs until {@code --duration} has passed (or forever without it); says goodbye and closes every device. */
    public void run() throws Exception {
        String host = options.string("host", "127.0.0.1");
        int port = options.integer("port", 7878);
        int n = options.integer("devices", 10);
        Duration interval = options.duration("interval", Duration.ofSeconds(5));
        Duration duration = options.duration("duration", null);
        int keepAlive = options.integer("keep-alive", 60);
        List<SpecDevice> devices = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong sent = new AtomicLong();
        try {
            for (int i = 1; i <= n; i++) {
                String id = options.string("prefix", "sim-") + i;
                SpecDevice d = SpecDevice.connect(host, port, options.flag("crc"));
                SpecDevice.HelloAck ack = d.hello(id, options.string("username", null),
                        options.string("password", null), keepAlive, Duration.ofSeconds(10));
                if (!ack.accepted()) {
                    out.printf("%s refused: result %d %s%n", id, ack.result(), ack.reason());
                    d.close();
                    continue;
                }
                d.onFrame(f -> onFrame(id, d, f));
                devices.add(d);
                AtomicLong seq = new AtomicLong();
                long period = interval.toMillis();
                timer.scheduleAtFixedRate(() -> reading(d, seq.incrementAndGet(), sent), period * i / n, period,
                        TimeUnit.MILLISECONDS);
                timer.scheduleAtFixedRate(() -> ping(d), keepAlive / 2, Math.max(1, keepAlive / 2), TimeUnit.SECONDS);
            }
            out.printf("%d devices online on %s:%d; a reading every %d ms each. Ctrl-C to stop.%n", devices.size(),
                    host, port, interval.toMillis());
            if (duration != null) {
                Thread.sleep(duration.toMillis()); // the demo runs for the requested time
            } else {
                Thread.currentThread().join();
            }
        } finally {
            timer.shutdownNow();
            // a reading being sent right now must finish before GOODBYE, or it is counted but arrives after it
            try {
                if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                    out.println("readings still being sent after 5 s; stopping anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // say goodbye anyway
            }
            for (SpecDevice d : devices) {
                try {
                    d.goodbye(0, "simulator stopping");
                } catch (IOException ignored) {
                    // closing anyway
                }
                d.close();
            }
            out.printf("sent %d readings%n", sent.get());
        }
    }

    private static void reading(SpecDevice d, long seq, AtomicLong sent) {
        double t = 20 + ThreadLocalRandom.current().nextDouble(-2, 2);
        byte[] json = String.format(Locale.ROOT, "{\"seq\":%d,\"temperature\":%.2f}", seq, t)
                .getBytes(StandardCharsets.UTF_8);
        try {
            d.uplink(0, SpecFrames.JSON, "telemetry", json);
            sent.incrementAndGet();
        } catch (IOException e) {
            // the device was disconnected; its reader reports it
        }
    }

    private static void ping(SpecDevice d) {
        try {
            d.ping();
        } catch (IOException ignored) {
            // the reader reports the end
        }
    }

    private void onFrame(String id, SpecDevice d, SpecFrames.Frame f) {
        try {
            switch (f.type()) {
                case SpecFrames.DOWNLINK -> {
                    int msgId = f.u16(0);
                    String channel = f.str8(3);
                    byte[] payload = f.rest(3 + 1 + f.u8(3));
                    out.printf("%s: downlink %d on '%s'%s: %s%n", id, msgId, channel, f.dup() ? " (dup)" : "",
                            new String(payload, StandardCharsets.UTF_8));
                    d.ack(msgId, "done".getBytes(StandardCharsets.UTF_8));
                }
                case SpecFrames.GOODBYE -> out.printf("%s: gateway said goodbye (%d) %s%n", id, f.u8(0),
                        f.restText(1));
                case SpecFrames.ERROR -> out.printf("%s: gateway reported error %d: %s%n", id, f.u8(0), f.restText(1));
                default -> {
                    // PONG, ACK, NACK: nothing to show
                }
            }
        } catch (IOException e) {
            out.printf("%s: %s%n", id, e.getMessage());
        }
    }
}
