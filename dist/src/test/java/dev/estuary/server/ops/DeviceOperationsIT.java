package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.management.testing.PrometheusParser;
import dev.estuary.server.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices of the example plugin ({@code plugins/simulated-sensor}, the archive the distribution bundles) in the
 * operations side of a running gateway: {@code $SYS} connected/disconnected events, the clients list, the adapters
 * list, the Prometheus gauge of devices online, and enabling/disabling the plugin through {@code estuary ctl}.
 * Failsafe: runs after {@code package}, which assembles {@code target/estuary/plugins}.
 */
@Timeout(60)
class DeviceOperationsIT {
    @TempDir
    Path dir;

    private OpsGateway gw;
    private MqttClient watcher;
    private final List<String[]> sysEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path dist = Path.of(System.getProperty("estuary.dist", "target/estuary")).toAbsolutePath().resolve("plugins");
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(dist, "estuary-plugin-simulated-sensor-*.zip")) {
            for (Path zip : zips) {
                Files.copy(zip, plugins.resolve(zip.getFileName()));
            }
        }
        // loaded but not started: the test subscribes to $SYS first, then enables it
        Files.writeString(plugins.resolve("disabled.txt"), "simulated-sensor\n");
        gw = OpsGateway.start(dir, "adapters:\n  sim:\n    devices: 2\n    interval: 200ms\n", plugins);
        watcher = new MqttClient(gw.mqttUri(), "device-watcher", new MemoryPersistence());
        watcher.connect(new MqttConnectionOptions());
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("$SYS/brokers/+/clients/#", 0)},
                new IMqttMessageListener[] {(topic, m) -> sysEvents.add(new String[] {topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8)})});
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null) {
            watcher.disconnect();
            watcher.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private CtlRun ctl(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "ctl";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--url";
        all[args.length + 2] = gw.apiUrl();
        all[args.length + 3] = "-c";
        all[args.length + 4] = gw.configFile().toString();
        return CtlRun.run(all);
    }

    /** The body of the $SYS event {@code kind} for device {@code deviceId} of the sim adapter, or null. */
    private JsonNode deviceEvent(String deviceId, String kind) throws IOException {
        for (String[] e : sysEvents) {
            if (e[0].endsWith("/" + kind)) {
                JsonNode body = OpsGateway.JSON.readTree(e[1]);
                if ("sim".equals(body.path("adapter").asText()) && deviceId.equals(body.path("device_id").asText())) {
                    return body;
                }
            }
        }
        return null;
    }

    @Test
    void a_sys_subscriber_sees_devices_of_the_example_plugin_go_on_and_offline() throws Exception {
        assertThat(ctl("plugins").out()).contains("simulated-sensor", "DISABLED");
        CtlRun enable = ctl("plugins", "enable", "simulated-sensor");
        assertThat(enable.exitCode()).as(enable.err()).isEqualTo(ExitCodes.OK);
        assertThat(enable.out()).isEqualTo("plugin simulated-sensor: STARTED" + System.lineSeparator());

        await().atMost(Duration.ofSeconds(10)).until(() -> deviceEvent("sensor-1", "connected") != null
                && deviceEvent("sensor-2", "connected") != null);
        JsonNode up = deviceEvent("sensor-1", "connected");
        assertThat(up.get("clientid").asText()).isEqualTo("sim:sensor-1");
        assertThat(up.get("connected_at").asLong()).isPositive();

        JsonNode devices = gw.get("/api/v1/clients?adapter=sim").json().get("data");
        assertThat(devices).extracting(n -> n.get("clientid").asText())
                .containsExactlyInAnyOrder("sim:sensor-1", "sim:sensor-2");
        assertThat(ctl("clients", "--adapter", "sim").out()).contains("sim:sensor-1", "sim:sensor-2", "2 clients");
        assertThat(ctl("adapters").out()).contains("sim");
        PrometheusParser.Scrape scrape = PrometheusParser.parse(gw.get("/metrics").body());
        assertThat(scrape.value("estuary_devices_online", "adapter", "sim")).isEqualTo(2.0);

        CtlRun disable = ctl("plugins", "disable", "simulated-sensor");
        assertThat(disable.exitCode()).as(disable.err()).isEqualTo(ExitCodes.OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceEvent("sensor-1", "disconnected") != null
                && deviceEvent("sensor-2", "disconnected") != null);
        assertThat(deviceEvent("sensor-2", "disconnected").get("reason").asText()).isNotEmpty();
    }

    @Test
    void kicking_a_device_ends_its_session_and_says_so_on_sys() throws Exception {
        assertThat(ctl("plugins", "enable", "simulated-sensor").exitCode()).isEqualTo(ExitCodes.OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceEvent("sensor-1", "connected") != null);
        CtlRun kick = ctl("kick", "sim:sensor-1");
        assertThat(kick.exitCode()).as(kick.err()).isEqualTo(ExitCodes.OK);
        await().atMost(Duration.ofSeconds(10)).until(() -> deviceEvent("sensor-1", "disconnected") != null);
        assertThat(deviceEvent("sensor-1", "disconnected").get("reason").asText()).isEqualTo("kicked");
    }
}
