package dev.estuary.server;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.persist.DurableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QoS 1 throughput and PUBACK latency of the gateway under each {@code persistence.sync} policy, for
 * {@code docs/durability.md}. For each policy a gateway starts in-process on a fresh data directory; {@code P} HiveMQ
 * publishers each keep {@code W} QoS 1 PUBLISHes of {@code B} bytes in flight on {@code bench/<i>} (a new one on
 * every PUBACK) and one persistent MQTT 5 subscriber per topic stays online, for a warm-up and then a measured
 * period.
 * Reported: acknowledged publishes per second, PUBACK latency percentiles (send to PUBACK), messages per second at
 * the subscriber, and for the durable policies the syncs and bytes written.
 *
 * <p>Not a unit test. Run with the dist test class path:
 * {@code java -cp ... dev.estuary.server.DurabilityBench [seconds] [publishers] [window] [bytes] [policies...]}.
 */
public final class DurabilityBench {
    private DurabilityBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        List<String> policies = args.length > 4 ? Arrays.asList(args).subList(4, args.length)
                : List.of("none", "interval", "always", "none", "interval", "always");
        System.out.printf("%ds, %d publishers x %d in flight, %d-byte QoS 1, %2$d persistent subscribers; %d cores%n",
                seconds, publishers, window, bytes, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-9s %10s %9s %9s %9s %10s %8s %10s %8s%n", "sync", "acked/s", "p50 ms", "p99 ms",
                "max ms", "sub msg/s", "syncs/s", "KB/s disk", "dropped");
        for (String p : policies) {
            run(p, seconds, publishers, window, bytes);
        }
        System.exit(0);
    }

    private static void run(String sync, int seconds, int publishers, int window, int bytes) throws Exception {
        Path data = Files.createTempDirectory("durability-bench");
        Map<String, String> env = new HashMap<>();
        env.put("ESTUARY_LISTENERS__TCP__BIND", "127.0.0.1:0");
        env.put("ESTUARY_MANAGEMENT__ENABLED", "false");
        env.put("ESTUARY_LISTENERS__WS__ENABLED", "false");
        env.put("ESTUARY_NODE__DATA_DIR", data.toString());
        env.put("ESTUARY_PERSISTENCE__SYNC", sync);
        env.put("ESTUARY_MQTT__MAX_INFLIGHT", "128");
        env.put("ESTUARY_NODE__PLUGINS_DIR", Files.createDirectories(data.resolve("plugins")).toString());
        EstuaryConfig config = new ConfigLoader(env).load(null);
        Gateway gateway = new Gateway(config);
        gateway.start();
        int port = gateway.mqtt().port(ListenerKind.TCP);
        try {
            AtomicLong received = new AtomicLong();
            Mqtt5AsyncClient[] subs = new Mqtt5AsyncClient[publishers];
            for (int i = 0; i < publishers; i++) {
                subs[i] = MqttClient.builder().useMqttVersion5().identifier("bench-sub-" + i)
                        .serverHost("127.0.0.1").serverPort(port).buildAsync();
                subs[i].connectWith().cleanStart(false).sessionExpiryInterval(3600).restrictions()
                        .receiveMaximum(1024).applyRestrictions().send().get(10, TimeUnit.SECONDS);
                subs[i].subscribeWith().topicFilter("bench/" + i).qos(MqttQos.AT_LEAST_ONCE)
                        .callback(p -> received.incrementAndGet()).send().get(10, TimeUnit.SECONDS);
            }

            Load load = new Load(port, publishers, window, bytes);
            load.start();
            TimeUnit.SECONDS.sleep(2); // warm-up: not measured (a benchmark's pacing, not a test's synchronisation)
            load.measure(true);
            long rx0 = received.get();
            DurableStore store = gateway.durable();
            long syncs0 = store == null ? 0 : store.syncCount();
            long bytes0 = store == null ? 0 : store.bytesWritten();
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long elapsed = System.nanoTime() - t0;
            load.measure(false);
            long rx = received.get() - rx0;
            long syncs = store == null ? 0 : store.syncCount() - syncs0;
            long written = store == null ? 0 : store.bytesWritten() - bytes0;
            load.stop();
            for (Mqtt5AsyncClient sub : subs) {
                sub.disconnect().get(10, TimeUnit.SECONDS);
            }
            long dropped = gateway.broker().metrics().droppedCount(DropReason.QUEUE_FULL);
            double secs = elapsed / 1e9;
            long[] lat = load.latencies();
            System.out.printf("%-9s %10.0f %9.2f %9.2f %9.2f %10.0f %8.0f %10.0f %8d%n", sync, lat.length / secs,
                    pct(lat, 50), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, rx / secs,
                    syncs / secs, written / 1024.0 / secs, dropped);
        } finally {
            gateway.stop();
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1e6;
    }

    /** Closed-loop QoS 1 publishers recording send-to-PUBACK latency while measuring. */
    private static final class Load {
        private final Mqtt5AsyncClient[] clients;
        private final int window;
        private final byte[] payload;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile boolean measuring;
        private final long[][] samples;
        private final int[] counts;

        Load(int port, int publishers, int window, int bytes) throws Exception {
            this.window = window;
            this.payload = new byte[bytes];
            clients = new Mqtt5AsyncClient[publishers];
            samples = new long[publishers][1 << 22];
            counts = new int[publishers];
            for (int i = 0; i < publishers; i++) {
                clients[i] = MqttClient.builder().useMqttVersion5().identifier("bench-pub-" + i)
                        .serverHost("127.0.0.1").serverPort(port).buildAsync();
                clients[i].connect().get(10, TimeUnit.SECONDS);
            }
        }

        void start() {
            for (int i = 0; i < clients.length; i++) {
                for (int w = 0; w < window; w++) {
                    send(i);
                }
            }
        }

        private void send(int i) {
            if (!running.get()) {
                return;
            }
            long t = System.nanoTime();
            clients[i].publishWith().topic("bench/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((r, e) -> {
                        if (e == null && measuring) {
                            synchronized (samples[i]) {
                                if (counts[i] < samples[i].length) {
                                    samples[i][counts[i]++] = System.nanoTime() - t;
                                }
                            }
                        }
                        send(i);
                    });
        }

        void measure(boolean on) {
            measuring = on;
        }

        long[] latencies() {
            int n = 0;
            for (int c : counts) {
                n += c;
            }
            long[] all = new long[n];
            int at = 0;
            for (int i = 0; i < clients.length; i++) {
                synchronized (samples[i]) {
                    System.arraycopy(samples[i], 0, all, at, counts[i]);
                    at += counts[i];
                }
            }
            Arrays.sort(all);
            return all;
        }

        void stop() throws Exception {
            running.set(false);
            for (Mqtt5AsyncClient c : clients) {
                c.disconnect().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
