package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-listener rate limits from the configuration file hold under a burst on a running gateway, and the
 * management API reports them (the adapter's own tests cover each limit in detail).
 */
@Timeout(30)
class RateLimitsTest {
    @TempDir
    Path dir;

    private OpsGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private MqttClient connect(String id) throws Exception {
        MqttClient c = new MqttClient(gw.mqttUri(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        c.connect(o);
        return c;
    }

    @Test
    void a_publish_burst_is_slowed_to_messages_rate_without_dropping_anything() throws Exception {
        gw = OpsGateway.start(dir, "listeners:\n  tcp:\n    bind: 127.0.0.1:0\n"
                + "    messages_rate: 40\n  ws:\n    enabled: false\n");
        MqttClient sub = connect("rate-sub");
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        sub.subscribe("rate/#", 0, (t, m) -> arrivals.add(System.nanoTime()));
        MqttClient pub = connect("rate-pub");
        int n = 100;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pub.publish("rate/" + i, new byte[] {(byte) i}, 0, false);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.size() == n);
        long lastMs = TimeUnit.NANOSECONDS.toMillis(arrivals.stream().mapToLong(Long::longValue).max().orElseThrow()
                - start);
        // 40 at once (a full bucket), then 40 per second: the 100th needs 1.5 s
        assertThat(lastMs).isGreaterThanOrEqualTo(1300);
        JsonNode tcp = gw.get("/api/v1/listeners/tcp").json();
        assertThat(tcp.get("messages_rate").asDouble()).isEqualTo(40.0);
        assertThat(tcp.get("read_pauses").asLong()).isPositive();
        JsonNode metrics = gw.get("/api/v1/metrics").json();
        assertThat(metrics.get("messages.dropped").asLong()).as("only $SYS events nobody subscribed to")
                .isEqualTo(metrics.get("messages.dropped.no_subscribers").asLong());
        pub.disconnect();
        pub.close();
        sub.disconnect();
        sub.close();
    }
}
