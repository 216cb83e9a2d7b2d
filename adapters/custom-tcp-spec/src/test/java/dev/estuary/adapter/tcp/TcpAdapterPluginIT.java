package dev.estuary.adapter.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.tcp.testing.Subscriber;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.tools.simulator.SpecDevice;
import dev.estuary.tools.simulator.SpecFrames;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The adapter installed from the plugin zip the build produced, into a running gateway, over real sockets. */
@Timeout(60)
class TcpAdapterPluginIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MqttTestServer server;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;
    private Subscriber app;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = MqttTestServer.start();
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ObjectNode config = JSON.createObjectNode();
        config.putObject("tcp").put("bind", "127.0.0.1").put("port", port);
        adapters = new AdapterRuntime(server.broker(), new EstuaryConfig(null, server.broker().config(), null, null,
                config), "", new InMemoryAdapterStore(), dir.resolve("data"));
        plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
        plugins.start();
        app = new Subscriber(server.uri(), "app", "devices/tcp/#", "app/replies");
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
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

    @Test
    void installed_adapter_serves_devices_uplinks_and_acknowledged_downlinks() throws Exception {
        String id = plugins.install(Path.of(System.getProperty("plugin.zip")));
        assertThat(id).isEqualTo("custom-tcp-spec");
        PluginInfo info = plugins.list().get(0);
        assertThat(info.state()).isEqualTo("STARTED");
        assertThat(info.adapters()).containsExactly("tcp: running");

        try (SpecDevice d = SpecDevice.connect("127.0.0.1", port, false)) {
            assertThat(d.hello("meter-9", null, null, 60, WAIT).accepted()).isTrue();
            d.uplink(0, SpecFrames.JSON, "energy", "{\"kWh\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(app.await("devices/tcp/meter-9/up/energy", WAIT).text()).isEqualTo("{\"kWh\":1}");

            app.request("devices/tcp/meter-9/down/relay", "off", "app/replies", "c1", "text/plain");
            SpecFrames.Frame down = d.receive(WAIT);
            assertThat(down.type()).isEqualTo(SpecFrames.DOWNLINK);
            d.ack(down.u16(0), "relay off".getBytes(StandardCharsets.UTF_8));
            assertThat(app.await("app/replies", WAIT).text()).contains("\"ok\":true").contains("relay off");
        }
    }

    @Test
    void disabling_the_plugin_says_goodbye_to_devices_and_takes_them_offline() throws Exception {
        plugins.install(Path.of(System.getProperty("plugin.zip")));
        try (SpecDevice d = SpecDevice.connect("127.0.0.1", port, false)) {
            assertThat(d.hello("meter-9", null, null, 60, WAIT).accepted()).isTrue();
            assertThat(plugins.disable("custom-tcp-spec")).isTrue();
            SpecFrames.Frame bye = d.receive(WAIT);
            assertThat(bye.type()).isEqualTo(SpecFrames.GOODBYE);
            assertThat(bye.u8(0)).isEqualTo(0x01);
        }
        assertThat(app.await(r -> r.topic().equals("devices/tcp/meter-9/status") && r.text().contains("offline"),
                WAIT)).isNotNull();
        assertThat(plugins.runningAdapters()).isEmpty();
    }
}
