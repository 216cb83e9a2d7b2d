package dev.estuary.plugin.meter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.core.plugin.PluginRuntime;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

import static org.awaitility.Awaitility.await;

/**
 * The vendor plugin loaded from its zip next to the TCP adapter plugin's zip: PF4J's plugin dependency gives the
 * vendor the SDK classes, the adapter finds the vendor's extension and opens its listener, and a fake meter logs
 * in, sends readings that a Paho subscriber receives, and obeys a relay command whose outcome reaches the requester.
 */
@Timeout(60)
class MeterVendorPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METER = "000012345678";
    private static final String BASE = "devices/tcp-meter/" + METER + "/";

    @TempDir
    Path dir;

    private MqttTestServer server;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;
    private MqttClient app;
    private int meterPort;
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        // meters must know their password; the test's own MQTT client is let in
        server = MqttTestServer.builder().broker(b -> b.authenticator(req -> CompletableFuture.completedFuture(
                !req.client().clientId().startsWith("tcp-meter:") || req.password() != null
                        && new String(req.password(), StandardCharsets.US_ASCII).equals("12345678")
                        ? AuthResult.allow(req.client().username(), false)
                        : AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "wrong meter password")))).start();
        try (ServerSocket probe = new ServerSocket(0)) {
            meterPort = probe.getLocalPort();
        }
        ObjectNode config = JSON.createObjectNode();
        ObjectNode tcp = config.putObject("tcp").put("bind", "127.0.0.1").put("port", 0);
        tcp.putObject("vendors").putObject("meter").put("port", meterPort);
        adapters = new AdapterRuntime(server.broker(), new EstuaryConfig(null, server.broker().config(), null, null,
                config), "", new InMemoryAdapterStore(), dir.resolve("data"));
        plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
        plugins.start();
        app = new MqttClient(server.uri(), "app", new MemoryPersistence());
        app.connect(new MqttConnectionOptions());
        IMqttMessageListener keep = (t, m) -> latest.put(t, new String(m.getPayload(), StandardCharsets.UTF_8));
        IMqttMessageListener reply = (t, m) -> replies.add(new String(m.getProperties().getCorrelationData(),
                StandardCharsets.UTF_8) + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
        app.subscribe(new MqttSubscription[] {new MqttSubscription("devices/tcp-meter/#", 1),
            new MqttSubscription("app/replies", 1)}, new IMqttMessageListener[] {keep, reply});
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null && app.isConnected()) {
            app.disconnect();
            app.close();
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
    }

    private void installBoth() {
        assertThat(plugins.install(Path.of(System.getProperty("tcp.plugin.zip")))).isEqualTo("custom-tcp-spec");
        assertThat(plugins.install(Path.of(System.getProperty("plugin.zip")))).isEqualTo("meter-vendor");
        assertThat(plugins.list()).extracting(PluginInfo::id, PluginInfo::state).contains(
                org.assertj.core.groups.Tuple.tuple("custom-tcp-spec", "STARTED"),
                org.assertj.core.groups.Tuple.tuple("meter-vendor", "STARTED"));
    }

    @Test
    void meter_logs_in_publishes_readings_and_switches_its_relay_on_command() throws Exception {
        installBoth();
        try (FakeMeter meter = new FakeMeter(meterPort, METER)) {
            meter.raw(new byte[] {(byte) 0xFF, 0x00}); // line noise from the serial bridge: skipped
            meter.login("12345678");
            MeterFrame ack = meter.read();
            assertThat(ack.control()).isEqualTo(MeterFrame.LOGIN_ACK);
            assertThat(ack.data()[0]).isZero();

            meter.reading(1_234_567, 2300, 2301, 1000, true);
            await().until(() -> latest.containsKey(BASE + "up/reading"));
            assertThat(latest.get(BASE + "up/reading")).isEqualTo("{\"energyWh\":1234567,\"powerW\":2300,"
                    + "\"voltageV\":230.1,\"currentA\":10.00,\"relay\":\"on\"}");
            await().until(() -> latest.getOrDefault(BASE + "status", "").contains("\"relay\":\"on\""));
            assertThat(latest.get(BASE + "status")).contains("\"status\":\"online\"").contains("\"model\":\"EM-24\"")
                    .contains("\"firmware\":\"2.1\"").contains("\"clientId\":\"tcp-meter:" + METER + "\"");

            MqttMessage command = new MqttMessage("off".getBytes(StandardCharsets.UTF_8));
            MqttProperties props = new MqttProperties();
            props.setResponseTopic("app/replies");
            props.setCorrelationData("c1".getBytes(StandardCharsets.UTF_8));
            command.setProperties(props);
            command.setQos(1);
            app.publish(BASE + "down/relay", command);

            MeterFrame relay = meter.read();
            assertThat(relay.control()).isEqualTo(MeterFrame.RELAY);
            assertThat(relay.data()[0]).as("off").isZero();
            meter.send(MeterFrame.RELAY_ACK, relay.seq(), new byte[] {0, 0});
            assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("c1 {\"ok\":true,\"messageId\":"
                    + relay.seq() + ",\"result\":\"relay off\"}");
            await().until(() -> latest.getOrDefault(BASE + "status", "").contains("\"relay\":\"off\""));

            app.publish(BASE + "down/display", new MqttMessage("hi".getBytes(StandardCharsets.UTF_8)) {
                {
                    setProperties(props);
                }
            });
            assertThat(replies.poll(10, TimeUnit.SECONDS)).contains("\"ok\":false")
                    .contains("the meter accepts 'relay'");
        }
        await().until(() -> latest.getOrDefault(BASE + "status", "").contains("offline"));
    }

    @Test
    void a_meter_with_a_wrong_password_is_refused_with_login_result_1_and_disconnected() throws Exception {
        installBoth();
        try (FakeMeter meter = new FakeMeter(meterPort, METER)) {
            meter.login("00000000");
            MeterFrame ack = meter.read();
            assertThat(ack.control()).isEqualTo(MeterFrame.LOGIN_ACK);
            assertThat(ack.data()[0]).isEqualTo((byte) 1);
            assertThat(meter.closedByGateway()).isTrue();
        }
        assertThat(latest).doesNotContainKey(BASE + "status");
    }

    @Test
    void a_corrupted_frame_ends_only_that_meter_connection() throws Exception {
        installBoth();
        try (FakeMeter good = new FakeMeter(meterPort, METER); FakeMeter bad = new FakeMeter(meterPort,
                "000000000002")) {
            good.login("12345678");
            assertThat(good.read().data()[0]).isZero();
            byte[] frame = MeterCodec.bytes(MeterFrame.of("000000000002", MeterFrame.LOGIN, 1, '1'));
            frame[22] ^= 0x01;
            bad.raw(frame);
            assertThat(bad.closedByGateway()).isTrue();
            good.reading(1, 1, 2300, 1, false);
            await().until(() -> latest.containsKey(BASE + "up/reading"));
        }
    }

    @Test
    void disabling_the_vendor_plugin_closes_its_listener_and_enabling_it_opens_it_again() throws Exception {
        installBoth();
        try (FakeMeter meter = new FakeMeter(meterPort, METER)) {
            meter.login("12345678");
            assertThat(meter.read().data()[0]).isZero();
            await().until(() -> latest.getOrDefault(BASE + "status", "").contains("online"));
            assertThat(plugins.disable("meter-vendor")).isTrue();
            assertThat(meter.closedByGateway()).isTrue();
        }
        await().until(() -> latest.getOrDefault(BASE + "status", "").contains("offline"));
        assertThat(plugins.runningAdapters()).containsExactly("tcp");

        assertThat(plugins.enable("meter-vendor")).isTrue();
        try (FakeMeter meter = new FakeMeter(meterPort, METER)) {
            meter.login("12345678");
            assertThat(meter.read().data()[0]).isZero();
        }
    }
}
