package dev.estuary.adapter.mqtt.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-listener connection rate and per-client message and byte rates hold under a burst: the listener pauses
 * accepting, the connection pauses reading, and nothing is refused or dropped. Each test bounds from below how
 * long the burst must take at the configured rate (a bucket holds one second's worth).
 */
@Timeout(60)
class RateLimitTest {
    private MqttTestServer server;
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MqttClient connect(String id) throws Exception {
        MqttClient c = new MqttClient(server.uri(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(30);
        o.setMaxInflight(1000);
        c.connect(o);
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    @Test
    void connection_rate_holds_under_a_burst_and_nobody_is_refused() throws Exception {
        server = MqttTestServer.builder().websocket(false).tcp(l -> l.withRates(10, 0, 0)).start();
        int n = 25;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Void>> connects = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "burst-" + i;
                connects.add(CompletableFuture.runAsync(() -> {
                    try {
                        connect(id);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // 10 at once (a full bucket), then 10 per second: the 25th needs about 1.5 s
            assertThat(elapsedMs).isGreaterThanOrEqualTo(1200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.broker().metrics().connections()).isEqualTo(n);
        assertThat(server.server().stats(ListenerKind.TCP).acceptPauses()).isPositive();
        assertThat(server.server().stats(ListenerKind.TCP).rejectedOverLimitCount()).isZero();
    }

    @Test
    void message_rate_holds_under_a_burst_and_nothing_is_dropped() throws Exception {
        server = MqttTestServer.builder().websocket(false).tcp(l -> l.withRates(0, 50, 0)).start();
        MqttClient sub = connect("sub");
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        sub.subscribe("burst/#", 0, (t, m) -> arrivals.add(System.nanoTime()));
        MqttClient pub = connect("pub");

        int n = 150;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pub.publish("burst/" + i, new byte[] {(byte) i}, 0, false);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.size() == n);
        long lastMs = TimeUnit.NANOSECONDS.toMillis(arrivals.stream().mapToLong(Long::longValue).max().orElseThrow()
                - start);
        long firstSecond = arrivals.stream().filter(t -> t - start < TimeUnit.SECONDS.toNanos(1)).count();
        // 50 at once, then 50 per second: the 150th needs 2 s
        assertThat(lastMs).isGreaterThanOrEqualTo(1800);
        assertThat(firstSecond).isLessThanOrEqualTo(101);
        assertThat(server.server().stats(ListenerKind.TCP).readPauses()).isPositive();
        assertThat(server.broker().metrics().droppedTotal()).isZero();
    }

    @Test
    void the_limit_is_per_client_so_a_quiet_client_is_not_slowed_by_a_noisy_one() throws Exception {
        server = MqttTestServer.builder().websocket(false).tcp(l -> l.withRates(0, 20, 0)).start();
        MqttClient sub = connect("sub");
        AtomicInteger noisy = new AtomicInteger();
        AtomicInteger quiet = new AtomicInteger();
        sub.subscribe("noisy", 0, (t, m) -> noisy.incrementAndGet());
        sub.subscribe("quiet", 0, (t, m) -> quiet.incrementAndGet());
        MqttClient loud = connect("loud");
        for (int i = 0; i < 60; i++) {
            loud.publish("noisy", new byte[] {1}, 0, false);
        }
        MqttClient calm = connect("calm");
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            calm.publish("quiet", new byte[] {1}, 0, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> quiet.get() == 10);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(noisy.get()).isLessThan(60);
        await().atMost(Duration.ofSeconds(20)).until(() -> noisy.get() == 60);
    }

    @Test
    void byte_rate_holds_under_a_burst() throws Exception {
        server = MqttTestServer.builder().websocket(false).tcp(l -> l.withRates(0, 0, 32 * 1024)).start();
        MqttClient sub = connect("sub");
        AtomicInteger received = new AtomicInteger();
        sub.subscribe("bytes", 0, (t, m) -> received.incrementAndGet());
        MqttClient pub = connect("pub");
        int n = 150;
        byte[] kb = new byte[1024];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pub.publish("bytes", kb, 0, false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == n);
        // 150 KB at 32 KB/s with a 32 KB bucket; at most one socket read (64 KB) gets ahead of the limit
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1200);
        assertThat(server.server().stats(ListenerKind.TCP).readPauses()).isPositive();
    }
}
