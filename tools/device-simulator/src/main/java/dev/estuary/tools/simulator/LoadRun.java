package dev.estuary.tools.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Load mode: K connections each say HELLO as {@code load-1..K} and send UPLINK frames (message id 0, channel
 * {@code load}) as fast as the socket takes them, or at a total rate. With an MQTT URI, a subscriber on
 * {@code devices/tcp/+/up/#} counts what arrives, which is the figure that matters: uplinks per second through
 * the framing, the adapter and the broker into an MQTT client.
 */
public final class LoadRun {
    /**
     * What to run.
     *
     * @param host        gateway host
     * @param port        spec port
     * @param connections devices (one thread each)
     * @param rate        total uplinks per second, 0 for as fast as possible
     * @param payload     payload bytes per uplink
     * @param duration    how long to send
     * @param mqttUri     MQTT broker to count arrivals at, or null
     * @param crc         use CRCs
     * @param warmup      how long to send before measuring (lets the JIT compile the hot paths)
     */
    public record Settings(String host, int port, int connections, int rate, int payload, Duration duration,
                           String mqttUri, boolean crc, Duration warmup) {
        static Settings from(Options o) {
            return new Settings(o.string("host", "127.0.0.1"), o.integer("port", 7878), o.integer("connections", 4),
                    o.integer("rate", 0), o.integer("payload", 16), o.duration("duration", Duration.ofSeconds(10)),
                    o.string("mqtt", null), o.flag("crc"), o.duration("warmup", Duration.ZERO));
        }
    }

    /**
     * What was measured.
     *
     * @param sent              uplinks written to the sockets
     * @param received          uplinks that arrived at the MQTT subscriber (-1 without one)
     * @param sendSeconds       time spent sending
     * @param receiveSeconds    time from the first send to the last arrival
     */
    public record Result(long sent, long received, double sendSeconds, double receiveSeconds) {
        public double sentPerSecond() {
            return sent / sendSeconds;
        }

        public double receivedPerSecond() {
            return received < 0 ? -1 : received / receiveSeconds;
        }

        public String summary() {
            String s = String.format(Locale.ROOT, "sent %d uplinks in %.1f s: %.0f/s", sent, sendSeconds,
                    sentPerSecond());
            if (received >= 0) {
                s += String.format(Locale.ROOT, "; received %d at the MQTT subscriber in %.1f s: %.0f/s (%.2f%%)",
                        received, receiveSeconds, receivedPerSecond(), 100.0 * received / Math.max(1, sent));
            }
            return s;
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile long lastArrival;

    public LoadRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Result run() throws Exception {
        MqttClient subscriber = settings.mqttUri() == null ? null : subscribe();
        List<SpecDevice> devices = new ArrayList<>();
        try {
            for (int i = 1; i <= settings.connections(); i++) {
                SpecDevice d = SpecDevice.connect(settings.host(), settings.port(), settings.crc());
                devices.add(d);
                SpecDevice.HelloAck ack = d.hello("load-" + i, null, null, 600, Duration.ofSeconds(10));
                if (!ack.accepted()) {
                    throw new IOException("load-" + i + " refused: " + ack.result() + " " + ack.reason());
                }
            }
            if (!settings.warmup().isZero()) {
                out.println("warming up for " + settings.warmup());
                phase(devices, settings.warmup(), subscriber != null);
                out.println("measuring for " + settings.duration());
            }
            long sentBefore = sent.get();
            long receivedBefore = received.get();
            long start = System.nanoTime();
            double sendSeconds = phase(devices, settings.duration(), subscriber != null);
            double receiveSeconds = subscriber == null ? 0 : (lastArrival - start) / 1e9;
            return new Result(sent.get() - sentBefore, subscriber == null ? -1 : received.get() - receivedBefore,
                    sendSeconds, receiveSeconds);
        } finally {
            for (SpecDevice d : devices) {
                d.close();
            }
            if (subscriber != null) {
                subscriber.disconnectForcibly(1000);
                subscriber.close(true);
            }
        }
    }

    /** Sends from every device for {@code d}, then waits for the arrivals to settle; returns the seconds sent. */
    private double phase(List<SpecDevice> devices, Duration d, boolean settle) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (SpecDevice device : devices) {
            Thread t = new Thread(() -> send(device, running), "load-sender");
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
        report(start, d);
        running.set(false);
        for (Thread t : senders) {
            t.join(5000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (settle) {
            settle();
        }
        return seconds;
    }

    private MqttClient subscribe() throws Exception {
        MqttClient c = new MqttClient(settings.mqttUri(), "load-subscriber-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                out.println("subscriber lost its connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.incrementAndGet();
                lastArrival = System.nanoTime();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // subscriber only
            }
        });
        c.connect(o);
        c.subscribe("devices/tcp/+/up/#", 0);
        return c;
    }

    private void send(SpecDevice d, AtomicBoolean running) {
        byte[] payload = new byte[settings.payload()];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        double perThread = settings.rate() <= 0 ? 0 : (double) settings.rate() / settings.connections();
        long begin = System.nanoTime();
        long n = 0;
        try {
            while (running.get()) {
                for (int b = 0; b < 64; b++) {
                    d.uplinkBuffered(0, SpecFrames.OCTET_STREAM, "load", payload);
                }
                d.flush();
                n += 64;
                sent.addAndGet(64);
                if (perThread > 0) {
                    long due = begin + (long) (n / perThread * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
        } catch (IOException e) {
            out.println("sender stopped: " + e.getMessage());
        }
    }

    private void report(long start, Duration duration) throws InterruptedException {
        long end = start + duration.toNanos();
        long lastSent = 0;
        long lastReceived = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long s = sent.get();
            long r = received.get();
            out.printf(Locale.ROOT, "%5.1f s  sent %8d/s  received %8d/s%n", (System.nanoTime() - start) / 1e9,
                    s - lastSent, r - lastReceived);
            lastSent = s;
            lastReceived = r;
        }
    }

    /** Waits until arrivals stop (at most 10 s) so that the last ones are counted (the run's own pacing). */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long before = -1;
        while (System.nanoTime() < deadline && received.get() < sent.get()) {
            long now = received.get();
            if (now == before) {
                break;
            }
            before = now;
            Thread.sleep(500);
        }
    }
}
