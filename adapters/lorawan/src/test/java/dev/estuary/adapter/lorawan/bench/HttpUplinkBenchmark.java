package dev.estuary.adapter.lorawan.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load mode: ChirpStack-style {@code ?event=up} JSON posts through the HTTP integration, as fast as
 * {@code concurrency} keep-alive requests in flight allow, into a gateway with one MQTT subscriber on every
 * uplink. Reports accepted uplinks/s at the HTTP side, delivered uplinks/s at the subscriber, and request latency.
 * Bounded in count and time; loopback only.
 *
 * <pre>
 * mvn -B -q -pl adapters/lorawan -am test-compile
 * java -cp "$(cat adapters/lorawan/target/bench.classpath)" dev.estuary.adapter.lorawan.bench.HttpUplinkBenchmark \
 *      -Duplinks=50000 -Ddevices=1000 -Dconcurrency=32
 * </pre>
 */
public final class HttpUplinkBenchmark {
    /** Measured figures. */
    public record Result(long uplinks, long accepted, long delivered, double seconds, double acceptedPerSecond,
                         double deliveredPerSecond, double meanMillis, double p99Millis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d uplinks in %.2f s: %.0f accepted/s (HTTP 200: %d), %.0f delivered/s "
                    + "to the subscriber (%d), latency mean %.2f ms, p99 %.2f ms", uplinks, seconds,
                    acceptedPerSecond, accepted, deliveredPerSecond, delivered, meanMillis, p99Millis);
        }
    }

    private HttpUplinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // with one common-pool thread (2 cores) CompletableFuture's async steps start a thread per task; the JDK HTTP
        // client takes such steps per response, which would make the load generator the bottleneck
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        Result r = run(Integer.getInteger("uplinks", 50_000), Integer.getInteger("devices", 1000),
                Integer.getInteger("concurrency", 32));
        System.out.println(r);
    }

    public static Result run(int uplinks, int devices, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("lorawan-bench");
        try (LorawanHarness h = new LorawanHarness(LorawanHarness.chirpstackHttp(), dir, Clock.systemUTC(), null)) {
            AtomicLong delivered = new AtomicLong();
            Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("bench-sub").serverHost("127.0.0.1")
                    .serverPort(h.broker.port()).buildAsync();
            sub.connect().get(10, TimeUnit.SECONDS);
            sub.subscribeWith().topicFilter("devices/lorawan/+/up/#").qos(MqttQos.AT_MOST_ONCE)
                    .callback(p -> delivered.incrementAndGet()).send().get(10, TimeUnit.SECONDS);
            java.util.concurrent.ExecutorService clientPool = java.util.concurrent.Executors.newFixedThreadPool(2);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
                    .build();
            URI uri = URI.create("http://127.0.0.1:" + h.adapter.httpPort() + "/chirpstack?event=up");

            // warm-up: one uplink per device opens its session (and warms the JIT)
            post(http, uri, 0, devices, devices, concurrency, new AtomicLong(), null);
            // the warm-up uplinks were accepted; wait until they were delivered too, or one could be counted below
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delivered.get() < devices && System.nanoTime() < warmDeadline) {
                Thread.onSpinWait();
            }
            delivered.set(0);

            AtomicLong accepted = new AtomicLong();
            AtomicLongArray latencies = new AtomicLongArray(uplinks);
            long start = System.nanoTime();
            post(http, uri, devices, uplinks, devices, concurrency, accepted, latencies);
            double httpSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delivered.get() < accepted.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            double deliverSeconds = (System.nanoTime() - start) / 1e9;
            long[] l = new long[uplinks];
            for (int i = 0; i < uplinks; i++) {
                l[i] = latencies.get(i);
            }
            Arrays.sort(l);
            double mean = Arrays.stream(l).average().orElse(0) / 1e6;
            double p99 = l[Math.min(uplinks - 1, (int) (uplinks * 0.99))] / 1e6;
            sub.disconnect().get(5, TimeUnit.SECONDS);
            clientPool.shutdownNow();
            return new Result(uplinks, accepted.get(), delivered.get(), httpSeconds, accepted.get() / httpSeconds,
                    delivered.get() / deliverSeconds, mean, p99);
        }
    }

    private static void post(HttpClient http, URI uri, int firstSeq, int count, int devices, int concurrency,
                             AtomicLong accepted, AtomicLongArray latencies) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        for (int i = 0; i < count; i++) {
            int seq = firstSeq + i;
            String body = "{\"deviceInfo\":{\"applicationId\":\"bench\",\"devEui\":\""
                    + String.format(Locale.ROOT, "%016x", 0x70b3d50000000000L + seq % devices)
                    + "\"},\"fPort\":2,\"fCnt\":" + (seq / devices) + ",\"data\":\"A2cBEAVnAP8=\",\"rxInfo\":[{"
                    + "\"gatewayId\":\"0016c001f153a14c\",\"rssi\":-57,\"snr\":9.5}],\"txInfo\":{\"frequency\":868100000,"
                    + "\"modulation\":{\"lora\":{\"bandwidth\":125000,\"spreadingFactor\":7,\"codeRate\":\"CR_4_5\"}}}}";
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer s3cret").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            inFlight.acquire();
            long t0 = System.nanoTime();
            int index = i;
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
                if (err == null && res.statusCode() == 200) {
                    accepted.incrementAndGet();
                }
                if (latencies != null) {
                    latencies.set(index, System.nanoTime() - t0);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
    }
}
