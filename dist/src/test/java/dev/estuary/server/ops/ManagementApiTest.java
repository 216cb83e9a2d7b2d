package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.management.testing.PrometheusParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the management API against a running gateway, over real HTTP, with Paho MQTT 5 clients as the
 * clients being managed.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiTest {
    private OpsGateway gw;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        gw = OpsGateway.start(dir, "");
        for (String user : List.of("alice", "bob")) {
            assertThat(gw.post("/api/v1/users", "{\"username\": \"" + user + "\", \"password\": \"pw-" + user
                    + "\"}").status()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    @AfterEach
    void closeClients() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            } catch (MqttException e) {
                // already gone
            }
        }
        clients.clear();
    }

    /** A connected MQTT 5 client; {@code disconnects} receives the reason code of a server DISCONNECT. */
    private MqttClient connect(String id, String user, CompletableFuture<Integer> disconnects,
                               LinkedBlockingQueue<String> received) throws MqttException {
        MqttClient c = new MqttClient(gw.mqttUri(), id, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                if (disconnects != null) {
                    disconnects.complete(r.getReturnCode());
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                if (received != null) {
                    received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        o.setKeepAliveInterval(30);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(("pw-" + user).getBytes(StandardCharsets.UTF_8));
        }
        c.connect(o);
        clients.add(c);
        return c;
    }

    private MqttClient connect(String id) throws MqttException {
        return connect(id, null, null, null);
    }

    private static void subscribe(MqttClient c, String filter) throws MqttException {
        c.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {null});
    }

    private static void assertError(OpsGateway.Answer a, int status, String messagePart) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().path("message").asText()).contains(messagePart);
        assertThat(a.json().path("code").asText()).isNotEmpty();
    }

    @Test
    void status_reports_node_version_uptime_and_counts() throws Exception {
        connect("status-1");
        OpsGateway.Answer a = gw.get("/api/v1/status");
        assertThat(a.status()).isEqualTo(200);
        JsonNode s = a.json();
        assertThat(s.get("node").asText()).isEqualTo(gw.node());
        assertThat(s.get("version").asText()).isNotEmpty();
        assertThat(s.get("status").asText()).isEqualTo("running");
        assertThat(s.get("connections").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(s.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(gw.get("/api/v1/stats").json().get("connections.count").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode m = gw.get("/api/v1/metrics").json();
        assertThat(m.has("messages.received")).isTrue();
        assertThat(m.has("bytes.received")).isTrue();
    }

    @Test
    void kick_sends_an_mqtt5_client_disconnect_0x98_and_the_listener_counts_it() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        connect("kick-me", null, reason, null);
        long before = kicked();
        OpsGateway.Answer a = gw.delete("/api/v1/clients/kick-me");
        assertThat(a.status()).as(a.body()).isBetween(200, 204);
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(0x98);
        await().atMost(Duration.ofSeconds(10)).until(() -> kicked() == before + 1);
        assertError(gw.delete("/api/v1/clients/kick-me"), 404, "kick-me");
    }

    private long kicked() {
        JsonNode tcp = gw.get("/api/v1/listeners/tcp").json();
        return tcp.path("disconnects").path("kicked").asLong();
    }

    @Test
    void listeners_report_connections_and_disconnect_reasons() throws Exception {
        connect("listener-1");
        JsonNode all = gw.get("/api/v1/listeners").json();
        assertThat(all.isArray()).isTrue();
        JsonNode tcp = gw.get("/api/v1/listeners/tcp").json();
        assertThat(tcp.get("name").asText()).isEqualTo("tcp");
        assertThat(tcp.get("running").asBoolean()).isTrue();
        assertThat(tcp.get("connections").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(tcp.get("disconnects").has("keepalive_timeout")).isTrue();
        assertThat(tcp.get("disconnects").has("normal")).isTrue();
        assertError(gw.get("/api/v1/listeners/nope"), 404, "nope");
    }

    @Test
    void clients_are_listed_filtered_paged_and_shown() throws Exception {
        connect("list-a", "alice", null, null);
        connect("list-b", "bob", null, null);
        JsonNode byUser = gw.get("/api/v1/clients?username=alice").json();
        assertThat(byUser.get("data")).hasSize(1);
        assertThat(byUser.get("data").get(0).get("clientid").asText()).isEqualTo("list-a");
        JsonNode like = gw.get("/api/v1/clients?like_clientid=list-").json();
        assertThat(like.get("data")).extracting(n -> n.get("clientid").asText()).contains("list-a", "list-b");
        JsonNode paged = gw.get("/api/v1/clients?like_clientid=list-&limit=1&page=2").json();
        assertThat(paged.get("data")).hasSize(1);
        assertThat(paged.get("meta").get("count").asInt()).isEqualTo(2);
        assertThat(gw.get("/api/v1/clients?ip=127.0.0.0/8&clientid=list-b").json().get("data")).hasSize(1);
        assertThat(gw.get("/api/v1/clients?ip=10.0.0.0/8&clientid=list-b").json().get("data")).isEmpty();
        JsonNode one = gw.get("/api/v1/clients/list-b").json();
        assertThat(one.get("username").asText()).isEqualTo("bob");
        assertThat(one.get("connected").asBoolean()).isTrue();
        assertThat(one.get("protocol").asText()).isEqualTo("mqtt");
        assertThat(one.get("proto_ver").asInt()).isEqualTo(5);
        assertThat(one.get("ipaddress").asText()).isEqualTo("127.0.0.1");
        assertError(gw.get("/api/v1/clients/no-such"), 404, "no-such");
    }

    @Test
    void subscriptions_and_topics_show_what_clients_subscribed_and_an_operator_can_subscribe_for_them()
            throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c = connect("subs-1", null, null, got);
        subscribe(c, "subs/own/#");
        JsonNode subs = gw.get("/api/v1/subscriptions?clientid=subs-1").json().get("data");
        assertThat(subs).extracting(n -> n.get("topic").asText()).containsExactly("subs/own/#");
        assertThat(gw.get("/api/v1/subscriptions?match_topic=subs/own/x").json().get("data")).hasSize(1);
        OpsGateway.Answer a = gw.post("/api/v1/clients/subs-1/subscribe", "{\"topic\": \"subs/extra\", \"qos\": 1}");
        assertThat(a.status()).as(a.body()).isBetween(200, 201);
        assertThat(gw.get("/api/v1/clients/subs-1/subscriptions").json())
                .extracting(n -> n.get("topic").asText()).containsExactlyInAnyOrder("subs/own/#", "subs/extra");
        assertThat(gw.get("/api/v1/topics?match_topic=subs/extra").json().get("data").toString())
                .contains("subs/extra");
        gw.post("/api/v1/publish", "{\"topic\": \"subs/extra\", \"payload\": \"hi\"}");
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("subs/extra hi");
    }

    @Test
    void publish_reaches_subscribers_and_retained_messages_are_listed_read_and_deleted() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c = connect("pub-sub", null, null, got);
        subscribe(c, "api/pub/#");
        OpsGateway.Answer a = gw.post("/api/v1/publish",
                "{\"topic\": \"api/pub/1\", \"payload\": \"hello\", \"qos\": 1, \"retain\": true}");
        assertThat(a.status()).as(a.body()).isBetween(200, 202);
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("api/pub/1 hello");
        gw.post("/api/v1/publish", "{\"topic\": \"api/pub/2\", \"payload\": \"/wA=\", \"payload_encoding\": "
                + "\"base64\", \"retain\": true}");
        assertThat(got.poll(10, TimeUnit.SECONDS)).startsWith("api/pub/2 ");

        JsonNode list = gw.get("/api/v1/retained?topic=api/pub/%23").json().get("data");
        assertThat(list).extracting(n -> n.get("topic").asText()).containsExactlyInAnyOrder("api/pub/1", "api/pub/2");
        JsonNode one = gw.get("/api/v1/retained/api/pub/1").json();
        assertThat(one.get("payload").asText()).isEqualTo("hello");
        assertThat(gw.get("/api/v1/retained/api/pub/2").json().get("payload_encoding").asText())
                .isEqualTo("base64");
        assertThat(gw.delete("/api/v1/retained/api/pub/1").status()).isBetween(200, 204);
        assertError(gw.get("/api/v1/retained/api/pub/1"), 404, "api/pub/1");
        assertError(gw.post("/api/v1/publish", "{\"topic\": \"api/+/bad\"}"), 400, "topic");
    }

    @Test
    void users_and_acl_rules_are_created_changed_listed_and_deleted() {
        OpsGateway.Answer created = gw.post("/api/v1/users",
                "{\"username\": \"carol\", \"password\": \"s3cret-pw\", \"superuser\": false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(gw.get("/api/v1/users/carol").json().get("superuser").asBoolean()).isFalse();
        assertThat(gw.put("/api/v1/users/carol", "{\"superuser\": true}").status()).isEqualTo(200);
        assertThat(gw.get("/api/v1/users/carol").json().get("superuser").asBoolean()).isTrue();
        assertThat(gw.get("/api/v1/users").json().get("data").toString()).contains("carol");
        assertThat(gw.get("/api/v1/users/carol").body()).doesNotContain("s3cret");
        // a superuser logs in to the API with its password
        assertThat(gw.call("GET", "/api/v1/status", null, "carol:s3cret-pw").status()).isEqualTo(200);
        assertError(gw.post("/api/v1/users", "{\"username\": \"carol\", \"password\": \"x\"}"), 409, "carol");
        assertThat(gw.delete("/api/v1/users/carol").status()).isBetween(200, 204);
        assertError(gw.get("/api/v1/users/carol"), 404, "carol");

        OpsGateway.Answer rule = gw.post("/api/v1/acl",
                "{\"rule\": \"{deny, {user, \\\"mallory\\\"}, publish, [\\\"secret/#\\\"]}\", \"position\": 1}");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        long id = rule.json().get("id").asLong();
        assertThat(gw.get("/api/v1/acl").json().get(0).get("id").asLong()).isEqualTo(id);
        assertThat(gw.get("/api/v1/acl/" + id).json().toString()).contains("mallory", "secret/#");
        assertThat(gw.delete("/api/v1/acl/" + id).status()).isBetween(200, 204);
        assertError(gw.get("/api/v1/acl/" + id), 404, String.valueOf(id));
        assertError(gw.post("/api/v1/acl", "{\"rule\": \"{allow, nonsense\"}"), 400, "");
    }

    @Test
    void a_ban_refuses_the_client_until_it_is_deleted() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        connect("banned-1", null, reason, null);
        OpsGateway.Answer a = gw.post("/api/v1/banned",
                "{\"as\": \"clientid\", \"who\": \"banned-1\", \"reason\": \"test\", \"duration\": \"10m\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(reason.get(10, TimeUnit.SECONDS)).as("a connected match is disconnected").isNotNull();
        assertThat(gw.get("/api/v1/banned").json().get("data").toString()).contains("banned-1");
        MqttClient again = new MqttClient(gw.mqttUri(), "banned-1", new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(5);
            again.connect(o);
            throw new AssertionError("a banned client id connected");
        } catch (MqttException e) {
            assertThat(e.getReasonCode()).isEqualTo(0x8A);
        } finally {
            again.close();
        }
        assertThat(gw.delete("/api/v1/banned/clientid/banned-1").status()).isBetween(200, 204);
        connect("banned-1");
        assertError(gw.post("/api/v1/banned", "{\"as\": \"planet\", \"who\": \"x\"}"), 400, "planet");
    }

    @Test
    void a_client_trace_started_through_the_api_holds_only_that_clients_packets() throws Exception {
        OpsGateway.Answer a = gw.post("/api/v1/traces",
                "{\"name\": \"t1\", \"type\": \"clientid\", \"clientid\": \"traced\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        MqttClient traced = connect("traced");
        MqttClient other = connect("untraced");
        traced.publish("trace/a", new MqttMessage("from-traced".getBytes(StandardCharsets.UTF_8)));
        other.publish("trace/b", new MqttMessage("from-other".getBytes(StandardCharsets.UTF_8)));
        traced.publish("trace/c", new MqttMessage("second".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/traces/t1/log").body().contains("second"));
        assertThat(gw.post("/api/v1/traces/t1/stop", null).status()).isEqualTo(200);
        String log = gw.get("/api/v1/traces/t1/log").body();
        assertThat(log).contains("traced", "trace/a", "from-traced", "trace/c", "CONNECT");
        assertThat(log).doesNotContain("untraced", "trace/b", "from-other");
        assertThat(gw.get("/api/v1/traces").json().toString()).contains("t1");
        assertThat(gw.get("/api/v1/traces/t1").json().get("status").asText()).isEqualTo("stopped");
        assertThat(gw.delete("/api/v1/traces/t1").status()).isBetween(200, 204);
        assertError(gw.get("/api/v1/traces/t1"), 404, "t1");
    }

    @Test
    void api_keys_are_created_used_and_revoked() {
        OpsGateway.Answer a = gw.post("/api/v1/api_keys", "{\"name\": \"ci\", \"description\": \"pipeline\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String secret = a.json().get("secret").asText();
        assertThat(gw.call("GET", "/api/v1/status", null, "ci:" + secret).status()).isEqualTo(200);
        assertThat(gw.get("/api/v1/api_keys").json().toString()).contains("ci").doesNotContain(secret);
        assertThat(gw.delete("/api/v1/api_keys/ci").status()).isBetween(200, 204);
        assertError(gw.call("GET", "/api/v1/status", null, "ci:" + secret), 401, "");
    }

    @Test
    void plugins_adapters_and_webhooks_are_listed() {
        assertThat(gw.get("/api/v1/plugins").json().isArray()).isTrue();
        assertThat(gw.get("/api/v1/adapters").status()).isEqualTo(200);
        assertThat(gw.get("/api/v1/webhooks").json().isArray()).isTrue();
        assertError(gw.get("/api/v1/plugins/nope"), 404, "nope");
        assertError(gw.post("/api/v1/plugins/nope/enable", null), 404, "nope");
    }

    @Test
    void prometheus_output_parses_and_counts_what_happened() throws Exception {
        MqttClient c = connect("prom-1");
        c.publish("prom/x", new MqttMessage("1".getBytes(StandardCharsets.UTF_8)));
        OpsGateway.Answer a = gw.get("/metrics");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain");
        PrometheusParser.Scrape s = PrometheusParser.parse(a.body());
        assertThat(s.types()).containsKeys("estuary_connections", "estuary_messages_received_total",
                "estuary_messages_dropped_total", "estuary_bytes_received_total", "estuary_devices_online",
                "estuary_acl_denied_total", "jvm_memory_bytes_used");
        assertThat(s.value("estuary_connections")).isGreaterThanOrEqualTo(1.0);
        assertThat(s.family("estuary_messages_received_total").values().stream().mapToDouble(Double::doubleValue)
                .sum()).isGreaterThanOrEqualTo(1.0);
        assertError(gw.call("GET", "/metrics", null, null), 401, "credentials");
    }

    @Test
    void the_openapi_document_is_served_without_credentials_and_names_every_route() {
        OpsGateway.Answer a = gw.call("GET", "/api/v1/openapi.json", null, null);
        assertThat(a.status()).isEqualTo(200);
        JsonNode doc = a.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/api/v1/clients/{clientid}")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/traces")).isTrue();
    }

    @Test
    void bad_input_is_answered_4xx_with_a_json_message() {
        assertError(gw.call("GET", "/api/v1/status", null, null), 401, "credentials");
        assertError(gw.call("GET", "/api/v1/status", null, "local:wrong"), 401, "wrong credentials");
        assertError(gw.post("/api/v1/publish", "{\"topic\": "), 400, "");
        assertError(gw.post("/api/v1/publish", "not json"), 400, "");
        assertError(gw.post("/api/v1/publish", "{\"topic\": \"a\", \"colour\": \"red\"}"), 400, "colour");
        assertError(gw.post("/api/v1/publish", "{\"topic\": \"a\", \"qos\": \"one\"}"), 400, "qos");
        assertError(gw.post("/api/v1/publish", "{\"topic\": 5}"), 400, "topic");
        assertError(gw.post("/api/v1/publish", "{\"topic\": \"a\", \"qos\": 3}"), 400, "qos");
        assertError(gw.post("/api/v1/publish", "[1, 2]"), 400, "");
        assertError(gw.post("/api/v1/publish", null), 400, "body");
        assertError(gw.post("/api/v1/users", "{\"username\": \"x\", \"password\": \"y\", \"superuser\": \"yes\"}"),
                400, "superuser");
        assertError(gw.get("/api/v1/acl/abc"), 400, "abc");
        assertError(gw.get("/api/v1/clients?page=zero"), 400, "page");
        assertError(gw.get("/api/v1/nothing-here"), 404, "nothing-here");
        assertError(gw.call("PATCH", "/api/v1/status", "{}", gw.credentials()), 405, "PATCH");
        assertError(gw.call("POST", "/api/v1/publish", "{\"topic\": \"a\"}", null), 401, "credentials");
    }
}
