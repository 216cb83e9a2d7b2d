package dev.estuary.plugin.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.core.plugin.PluginRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin, installed from its zip into a running gateway, seen from real MQTT clients. */
@Timeout(60)
class SimulatedSensorPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MqttTestServer server;
    private AccessControl access;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;
    private MqttClient client;
    private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = MqttTestServer.start();
        // the gateway's real authentication and ACLs, with the default device rules a new database starts with
        access = AccessControl.open(dir.resolve("estuary.db"), AuthConfig.DEFAULTS, server.broker().clock());
        access.install(server.broker());
        ObjectNode adaptersConfig = JSON.createObjectNode();
        adaptersConfig.putObject("sim").put("devices", 2).put("interval", "200ms");
        EstuaryConfig config = new EstuaryConfig(null, server.broker().config(), null, null, null, adaptersConfig);
        adapters = new AdapterRuntime(server.broker(), config, "", new InMemoryAdapterStore(), dir.resolve("data"));
        plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
        plugins.start();
        client = new MqttClient(server.uri(), "app", new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        IMqttMessageListener keep = (topic, msg) -> latest.put(topic, JSON.readTree(msg.getPayload()));
        client.subscribe(new MqttSubscription[] {new MqttSubscription("devices/sim/#", 1),
            new MqttSubscription("app/replies", 1)},
                new IMqttMessageListener[] {keep, (topic, msg) -> replies.add(
                        new String(msg.getProperties().getCorrelationData(), StandardCharsets.UTF_8) + " "
                                + new String(msg.getPayload(), StandardCharsets.UTF_8))});
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null && client.isConnected()) {
            client.disconnect();
            client.close();
        }
        if (plugins != null) {
            plugins.close();
        }
        if (adapters != null) {
            adapters.close();
        }
        if (server != null) {
            server.close();
        }
        if (access != null) {
            access.close();
        }
    }

    @Test
    void installed_plugin_publishes_status_and_readings_and_obeys_commands() throws Exception {
        String id = plugins.install(Path.of(System.getProperty("plugin.zip")));
        assertThat(id).isEqualTo("simulated-sensor");
        PluginInfo info = plugins.list().get(0);
        assertThat(info.state()).isEqualTo("STARTED");
        assertThat(info.adapters()).containsExactly("sim: running");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                latest.containsKey("devices/sim/sensor-1/status") && latest.containsKey("devices/sim/sensor-2/status")
                        && latest.containsKey("devices/sim/sensor-1/up/temperature"));
        assertThat(latest.get("devices/sim/sensor-1/status").path("status").asText()).isEqualTo("online");
        assertThat(latest.get("devices/sim/sensor-1/status").path("details").path("model").asText())
                .isEqualTo("SIM-T1");

        MqttMessage command = new MqttMessage("{\"id\":\"c1\",\"cmd\":\"set_temperature\",\"value\":42.5}"
                .getBytes(StandardCharsets.UTF_8));
        MqttProperties props = new MqttProperties();
        props.setResponseTopic("app/replies");
        props.setCorrelationData("corr-1".getBytes(StandardCharsets.UTF_8));
        command.setProperties(props);
        command.setQos(1);
        client.publish("devices/sim/sensor-1/down", command);

        String reply = replies.poll(10, TimeUnit.SECONDS);
        assertThat(reply).startsWith("corr-1 ").contains("\"id\":\"c1\"").contains("\"ok\":true");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                latest.get("devices/sim/sensor-1/up/temperature").path("temperature").asDouble() == 42.5);
        assertThat(latest.get("devices/sim/sensor-2/up/temperature").path("temperature").asDouble())
                .isNotEqualTo(42.5);
    }

    @Test
    void acl_stops_a_device_from_publishing_under_another_devices_topics() throws Exception {
        plugins.install(Path.of(System.getProperty("plugin.zip")));
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.containsKey("devices/sim/sensor-2/up/temperature"));
        MqttMessage command = new MqttMessage("{\"id\":\"x1\",\"cmd\":\"publish_as\",\"device\":\"sensor-2\"}"
                .getBytes(StandardCharsets.UTF_8));
        MqttProperties props = new MqttProperties();
        props.setResponseTopic("app/replies");
        props.setCorrelationData("acl-1".getBytes(StandardCharsets.UTF_8));
        command.setProperties(props);
        command.setQos(1);
        client.publish("devices/sim/sensor-1/down", command);

        String reply = replies.poll(10, TimeUnit.SECONDS);
        assertThat(reply).startsWith("acl-1 ").contains("\"ok\":false").contains("NOT_AUTHORIZED")
                .contains("devices/sim/sensor-2/up/temperature");
        assertThat(latest.get("devices/sim/sensor-2/up/temperature").path("temperature").asDouble())
                .as("sensor-1's forged reading never reached sensor-2's topic").isNotEqualTo(-273.15);
    }

    @Test
    void v3_requester_gets_the_answer_on_the_reply_topic() throws Exception {
        plugins.install(Path.of(System.getProperty("plugin.zip")));
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.containsKey("devices/sim/sensor-2/status"));
        org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(server.uri(),
                "app3", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        v3.connect();
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        v3.subscribe("devices/sim/sensor-2/reply", 1, (t, m) -> got.add(new String(m.getPayload(),
                StandardCharsets.UTF_8)));
        v3.publish("devices/sim/sensor-2/down", "{\"id\":\"77\",\"cmd\":\"frobnicate\"}"
                .getBytes(StandardCharsets.UTF_8), 1, false);
        String answer = got.poll(10, TimeUnit.SECONDS);
        assertThat(answer).contains("\"id\":\"77\"").contains("\"ok\":false").contains("unknown command");
        v3.disconnect();
        v3.close();
    }

    @Test
    void uninstalling_the_plugin_takes_its_devices_offline() throws Exception {
        plugins.install(Path.of(System.getProperty("plugin.zip")));
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.containsKey("devices/sim/sensor-1/status"));
        assertThat(plugins.disable("simulated-sensor")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "offline".equals(latest.get("devices/sim/sensor-1/status").path("status").asText()));
        assertThat(plugins.runningAdapters()).isEmpty();
    }
}
