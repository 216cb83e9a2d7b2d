package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.management.testing.PrometheusParser;
import dev.estuary.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code estuary ctl} against a running gateway: each command's table, its {@code --json} answer, and what it
 * changes as Paho MQTT 5 clients see it. Credentials come from the local API key file the gateway wrote, found
 * through {@code -c estuary.yaml}.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlCommandTest {
    private OpsGateway gw;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        gw = OpsGateway.start(dir, "");
        for (String user : List.of("anna", "ben")) {
            ok("users", "add", user, "-p", "pw-" + user);
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

    private CtlRun ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("ctl"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--url", gw.apiUrl(), "-c", gw.configFile().toString()));
        return CtlRun.run(all.toArray(String[]::new));
    }

    private CtlRun ok(String... args) {
        CtlRun r = ctl(args);
        assertThat(r.exitCode()).as("ctl %s%nout: %s%nerr: %s", List.of(args), r.out(), r.err())
                .isEqualTo(ExitCodes.OK);
        return r;
    }

    private JsonNode json(String... args) throws Exception {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return OpsGateway.JSON.readTree(ok(withJson).out());
    }

    private MqttClient connect(String id, String user, CompletableFuture<Integer> disconnect,
                               LinkedBlockingQueue<String> received) throws MqttException {
        MqttClient c = new MqttClient(gw.mqttUri(), id, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                if (disconnect != null) {
                    disconnect.complete(r.getReturnCode());
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
        if (user != null) {
            o.setUserName(user);
            o.setPassword(("pw-" + user).getBytes(StandardCharsets.UTF_8));
        }
        c.connect(o);
        clients.add(c);
        return c;
    }

    @Test
    void status_prints_node_and_statistics_and_json_has_both() throws Exception {
        CtlRun r = ok("status");
        assertThat(r.out()).contains("node", gw.node(), "version", "uptime_seconds", "connections.count");
        JsonNode j = json("status");
        assertThat(j.get("status").get("node").asText()).isEqualTo(gw.node());
        assertThat(j.get("stats").has("sessions.count")).isTrue();
        assertThat(ok("listeners").rows().get(0)).startsWith("NAME RUNNING PORT CONNECTIONS");
        assertThat(json("listeners").isArray()).isTrue();
        assertThat(ok("metrics").out()).contains("messages.received");
        PrometheusParser.parse(ok("metrics", "--prometheus").out());
    }

    @Test
    void clients_lists_a_table_filters_and_shows_one() throws Exception {
        connect("ctl-a", "anna", null, null);
        connect("ctl-b", "ben", null, null);
        CtlRun r = ok("clients", "--like-clientid", "ctl-");
        assertThat(r.rows().get(0)).startsWith("CLIENTID USERNAME CONNECTED IP PROTOCOL VER");
        assertThat(r.rows()).anyMatch(l -> l.startsWith("ctl-a anna true 127.0.0.1 mqtt 5"))
                .anyMatch(l -> l.startsWith("ctl-b ben true 127.0.0.1 mqtt 5")).contains("2 clients");
        JsonNode j = json("clients", "--username", "ben");
        assertThat(j.get("data")).hasSize(1);
        assertThat(j.get("data").get(0).get("clientid").asText()).isEqualTo("ctl-b");
        assertThat(ok("clients", "show", "ctl-a").out()).contains("clientid", "ctl-a", "anna");
    }

    @Test
    void kick_disconnects_an_mqtt5_client_with_0x98() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        connect("ctl-kick", null, reason, null);
        assertThat(ok("kick", "ctl-kick").out()).isEqualTo("kicked 'ctl-kick'" + System.lineSeparator());
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo(0x98);
        CtlRun again = ctl("kick", "ctl-kick");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).startsWith("error: ").contains("ctl-kick");
    }

    @Test
    void subscriptions_and_subscribe_on_behalf() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c = connect("ctl-subs", null, null, got);
        c.subscribe(new MqttSubscription[] {new MqttSubscription("ctl/own", 1)}, new IMqttMessageListener[] {null});
        ok("clients", "subscribe", "ctl-subs", "ctl/extra", "--qos", "1");
        CtlRun r = ok("subscriptions", "--clientid", "ctl-subs");
        assertThat(r.rows().get(0)).startsWith("CLIENTID TOPIC QOS");
        assertThat(r.rows()).contains("ctl-subs ctl/extra 1 0 0 0 -", "2 subscriptions");
        assertThat(json("subscriptions", "--clientid", "ctl-subs").get("data")).hasSize(2);
        assertThat(ok("topics", "--match-topic", "ctl/extra").out()).contains("ctl/extra");
        ok("publish", "ctl/extra", "via-ctl", "--qos", "1");
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("ctl/extra via-ctl");
    }

    @Test
    void publish_retained_then_list_show_and_delete() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient c = connect("ctl-ret", null, null, got);
        c.subscribe(new MqttSubscription[] {new MqttSubscription("ctl/ret/#", 1)}, new IMqttMessageListener[] {null});
        assertThat(ok("publish", "ctl/ret/1", "kept", "--retain").out()).startsWith("published to ctl/ret/1");
        assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("ctl/ret/1 kept");
        CtlRun list = ok("retained", "--topic", "ctl/ret/#");
        assertThat(list.rows().get(0)).startsWith("TOPIC QOS SIZE PUBLISHER");
        assertThat(list.rows()).anyMatch(l -> l.startsWith("ctl/ret/1 0 4")).contains("1 retained messages");
        assertThat(json("retained", "--topic", "ctl/ret/#").get("data")).hasSize(1);
        assertThat(ok("retained", "show", "ctl/ret/1", "--raw").out()).isEqualTo("kept" + System.lineSeparator());
        ok("retained", "delete", "ctl/ret/1");
        assertThat(json("retained", "--topic", "ctl/ret/#").get("data")).isEmpty();
    }

    @Test
    void users_and_acl_rules_through_ctl() throws Exception {
        assertThat(ok("users", "add", "dave", "-p", "pw-of-dave").out()).contains("added user 'dave'");
        CtlRun users = ok("users");
        assertThat(users.rows().get(0)).startsWith("USERNAME SUPERUSER");
        assertThat(users.rows()).anyMatch(l -> l.startsWith("dave false"));
        ok("users", "passwd", "dave", "--superuser", "true");
        assertThat(json("users").get("data").toString()).contains("\"superuser\":true");
        ok("users", "del", "dave");
        assertThat(json("users").get("data").toString()).doesNotContain("dave");

        CtlRun add = ok("acl", "add", "{deny, {user, \"eve\"}, subscribe, [\"ctl/secret/#\"]}", "--position", "1");
        assertThat(add.out()).startsWith("added rule ");
        long id = Long.parseLong(add.out().split(" ")[2]);
        CtlRun acl = ok("acl");
        assertThat(acl.rows().get(0)).startsWith("ID POS RULE");
        assertThat(acl.rows().get(1)).startsWith(id + " 1 {deny, {user, \"eve\"}");
        assertThat(json("acl").get(0).get("id").asLong()).isEqualTo(id);
        ok("acl", "del", String.valueOf(id));
        assertThat(json("acl").toString()).doesNotContain("\\\"eve\\\"", "ctl/secret");
        CtlRun bad = ctl("acl", "add", "{allow, broken");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).startsWith("error: ");
    }

    @Test
    void plugins_lists_an_empty_folder() throws Exception {
        assertThat(ok("plugins").rows()).containsExactly("ID VERSION STATE ADAPTERS CODECS ERROR", "0 plugins");
        assertThat(json("plugins").isArray()).isTrue();
        CtlRun missing = ctl("plugins", "enable", "nope");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("nope");
    }

    @Test
    void trace_start_show_stop_and_delete() throws Exception {
        CtlRun start = ok("trace", "start", "client", "ctl-traced", "--name", "ct1");
        assertThat(start.out()).startsWith("trace 'ct1' started, writing to ");
        MqttClient traced = connect("ctl-traced", null, null, null);
        MqttClient other = connect("ctl-other", null, null, null);
        traced.publish("ctl/trace/a", new MqttMessage("mine".getBytes(StandardCharsets.UTF_8)));
        other.publish("ctl/trace/b", new MqttMessage("theirs".getBytes(StandardCharsets.UTF_8)));
        traced.publish("ctl/trace/c", new MqttMessage("last".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ok("trace", "show", "ct1").out().contains("last"));
        assertThat(ok("trace").rows()).anyMatch(l -> l.startsWith("ct1 clientid ctl-traced"));
        assertThat(ok("trace", "stop", "ct1").out()).startsWith("trace 'ct1' stopped: ");
        String log = ok("trace", "show", "ct1").out();
        assertThat(log).contains("ctl/trace/a", "mine", "ctl/trace/c").doesNotContain("ctl-other", "theirs");
        assertThat(json("trace").toString()).contains("\"stopped\"");
        ok("trace", "delete", "ct1");
        assertThat(json("trace")).isEmpty();
    }

    @Test
    void banned_add_list_and_del() throws Exception {
        CompletableFuture<Integer> reason = new CompletableFuture<>();
        connect("ctl-banned", null, reason, null);
        assertThat(ok("banned", "add", "clientid", "ctl-banned", "--reason", "spam", "--duration", "1h").out())
                .startsWith("banned clientid 'ctl-banned'");
        assertThat(reason.get(10, TimeUnit.SECONDS)).isNotNull();
        CtlRun list = ok("banned");
        assertThat(list.rows().get(0)).startsWith("AS WHO REASON BY AT UNTIL");
        assertThat(list.rows()).anyMatch(l -> l.startsWith("clientid ctl-banned spam"));
        assertThat(json("banned").get("data")).hasSize(1);
        ok("banned", "del", "clientid", "ctl-banned");
        assertThat(json("banned").get("data")).isEmpty();
        connect("ctl-banned", null, null, null);
    }

    @Test
    void api_keys_are_added_used_and_deleted_and_webhooks_listed() throws Exception {
        CtlRun add = ok("api-keys", "add", "ci", "--description", "pipeline");
        String credentials = add.out().lines().findFirst().orElseThrow();
        assertThat(credentials).startsWith("ci:");
        assertThat(add.out()).contains("the secret is shown only now");
        CtlRun withKey = CtlRun.run("ctl", "status", "--url", gw.apiUrl(), "--key", credentials);
        assertThat(withKey.exitCode()).as(withKey.err()).isEqualTo(ExitCodes.OK);
        CtlRun keys = ok("api-keys");
        assertThat(keys.rows().get(0)).startsWith("NAME DESCRIPTION CREATED EXPIRES");
        assertThat(keys.rows()).anyMatch(l -> l.startsWith("ci pipeline ")).anyMatch(l -> l.startsWith("local "));
        assertThat(keys.out()).doesNotContain(credentials.substring(3));
        ok("api-keys", "del", "ci");
        assertThat(CtlRun.run("ctl", "status", "--url", gw.apiUrl(), "--key", credentials).exitCode())
                .isEqualTo(ExitCodes.FAILED);
        assertThat(ok("webhooks").rows()).containsExactly("URL SENT FAILED DROPPED RETRIES QUEUED", "0 receivers");
        assertThat(json("webhooks").isArray()).isTrue();
    }

    @Test
    void wrong_credentials_or_no_gateway_fail_with_one_line() {
        CtlRun wrong = CtlRun.run("ctl", "status", "--url", gw.apiUrl(), "--key", "local:nope");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(wrong.err()).startsWith("error: ").contains("credentials");
        CtlRun nobody = CtlRun.run("ctl", "status", "--url", "http://127.0.0.1:1", "--key", "a:b");
        assertThat(nobody.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(nobody.err()).startsWith("error: ");
    }
}
