package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks of a running gateway, received by HTTP servers in the test: one that answers, one that never answers
 * (until the test ends) and one address where nobody listens.
 */
@Timeout(60)
class WebhooksTest {
    @TempDir
    Path dir;

    private HttpServer good;
    private HttpServer slow;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final AtomicInteger slowRequests = new AtomicInteger();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private OpsGateway gw;

    @BeforeEach
    void receivers() throws IOException {
        good = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        good.setExecutor(Executors.newFixedThreadPool(2));
        good.createContext("/hook", ex -> {
            received.add(OpsGateway.JSON.readTree(ex.getRequestBody().readAllBytes()));
            answer(ex, 200);
        });
        good.start();
        slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        slow.setExecutor(Executors.newFixedThreadPool(8));
        slow.createContext("/slow", ex -> {
            slowRequests.incrementAndGet();
            try {
                releaseSlow.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200);
        });
        slow.start();
    }

    private static void answer(HttpExchange ex, int status) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        if (gw != null) {
            gw.close();
        }
        good.stop(0);
        slow.stop(0);
        ((java.util.concurrent.ExecutorService) good.getExecutor()).shutdownNow();
        ((java.util.concurrent.ExecutorService) slow.getExecutor()).shutdownNow();
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startGateway(String extraEndpoints) {
        gw = OpsGateway.start(dir, "webhooks:\n  queue_size: 100\n  timeout: 20s\n  max_retries: 1\n"
                + "  retry_backoff: 10ms\n  endpoints:\n"
                + "    - url: http://127.0.0.1:" + good.getAddress().getPort() + "/hook\n"
                + "      topics: ['hooked/#']\n" + extraEndpoints);
    }

    private List<String> events() {
        return received.stream().map(n -> n.path("event").asText()).toList();
    }

    private JsonNode event(String name) {
        return received.stream().filter(n -> n.path("event").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a_receiver_gets_client_session_and_message_events_as_json() throws Exception {
        startGateway("");
        MqttClient c = new MqttClient(gw.mqttUri(), "hooked-client", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        assertThat(gw.post("/api/v1/users", "{\"username\": \"erin\", \"password\": \"pw-erin\"}").status())
                .isEqualTo(201);
        o.setUserName("erin");
        o.setPassword("pw-erin".getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        c.subscribe(new MqttSubscription[] {new MqttSubscription("hooked/#", 1)},
                new IMqttMessageListener[] {(t, m) -> got.add(t)});
        MqttMessage m = new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        c.publish("hooked/temp", m);
        c.publish("unhooked/temp", new MqttMessage("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("hooked/temp");
        c.disconnect();
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> events().contains("client.disconnected"));
        assertThat(events()).contains("client.connected", "session.subscribed", "message.publish",
                "message.delivered", "client.disconnected");
        JsonNode connected = event("client.connected");
        assertThat(connected.get("clientid").asText()).isEqualTo("hooked-client");
        assertThat(connected.get("username").asText()).isEqualTo("erin");
        assertThat(event("session.subscribed").get("topic").asText()).isEqualTo("hooked/#");
        JsonNode publish = event("message.publish");
        assertThat(publish.get("topic").asText()).isEqualTo("hooked/temp");
        assertThat(publish.get("payload").asText()).isEqualTo("21.5");
        assertThat(publish.get("from_client_id").asText()).isEqualTo("hooked-client");
        assertThat(event("message.delivered").get("clientid").asText()).isEqualTo("hooked-client");
        assertThat(received).noneMatch(n -> n.path("topic").asText().startsWith("unhooked"));
        assertThat(event("client.disconnected").get("reason").asText()).isEqualTo("normal");

        JsonNode stats = gw.get("/api/v1/webhooks").json();
        assertThat(stats.get(0).get("sent").asLong()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void a_slow_and_a_dead_receiver_do_not_slow_publishing() throws Exception {
        startGateway("    - url: http://127.0.0.1:" + slow.getAddress().getPort() + "/slow\n"
                + "    - url: http://127.0.0.1:" + deadPort() + "/dead\n");
        MqttClient sub = new MqttClient(gw.mqttUri(), "hook-sub", new MemoryPersistence());
        sub.connect(new MqttConnectionOptions());
        AtomicInteger delivered = new AtomicInteger();
        sub.subscribe(new MqttSubscription[] {new MqttSubscription("hooked/#", 1)},
                new IMqttMessageListener[] {(t, m) -> delivered.incrementAndGet()});
        MqttClient pub = new MqttClient(gw.mqttUri(), "hook-pub", new MemoryPersistence());
        pub.connect(new MqttConnectionOptions());
        await().atMost(Duration.ofSeconds(10)).until(() -> slowRequests.get() > 0);

        int n = 1000;
        for (int i = 0; i < n; i++) {
            MqttMessage m = new MqttMessage(("m" + i).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            pub.publish("hooked/load", m); // waits for PUBACK: a blocked publish path would stall here
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() == n);
        assertThat(releaseSlow.getCount()).as("the slow receiver has not answered a single request yet").isOne();
        // the receiver that answers gets events too (its queue, of the same size, may overflow in this burst)
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                .anyMatch(e -> e.path("event").asText().equals("message.publish")));

        JsonNode stats = gw.get("/api/v1/webhooks").json();
        JsonNode slowStats = find(stats, "/slow");
        JsonNode deadStats = find(stats, "/dead");
        assertThat(slowStats.get("dropped").asLong()).as("the slow receiver's queue overflowed").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(gw.get("/api/v1/webhooks").json(), "/dead")
                .get("failed").asLong() > 0);
        assertThat(deadStats.get("sent").asLong()).isZero();
        pub.disconnect();
        pub.close();
        sub.disconnect();
        sub.close();
    }

    private static JsonNode find(JsonNode stats, String path) {
        for (JsonNode s : stats) {
            if (s.get("url").asText().endsWith(path)) {
                return s;
            }
        }
        throw new AssertionError("no webhook " + path + " in " + stats);
    }
}
