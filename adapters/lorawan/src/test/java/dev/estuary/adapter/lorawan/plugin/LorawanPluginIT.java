package dev.estuary.adapter.lorawan.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.Subscriber;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.core.plugin.PluginRuntime;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The LoRaWAN plugin installed from its zip into a running gateway, fed by ChirpStack's HTTP integration. */
@Timeout(60)
class LorawanPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "17c82e96-be03-4f38-aef3-f83d48582d97";

    @TempDir
    Path dir;
    private MqttTestServer server;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;
    private Subscriber app;
    private int httpPort;

    @BeforeEach
    void start() throws Exception {
        server = MqttTestServer.start();
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        ObjectNode lorawan = JSON.createObjectNode();
        lorawan.putObject("http").put("bind", "127.0.0.1").put("port", httpPort);
        lorawan.putArray("network_servers").addObject().put("name", "chirpstack").put("type", "chirpstack")
                .putObject("http").put("secret", "s3cret");
        lorawan.putObject("gwmp").put("enabled", false); // on by default: keep UDP 1700 out of this test
        lorawan.putObject("applications").putObject(APP).put("codec", "cayenne-lpp");
        ObjectNode all = JSON.createObjectNode();
        all.set("lorawan", lorawan);
        adapters = new AdapterRuntime(server.broker(), new EstuaryConfig(null, server.broker().config(), null, null,
                all), "", new InMemoryAdapterStore(), dir.resolve("data"));
        plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
        plugins.start();
        app = new Subscriber(server.uri(), "app", "devices/#");
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
    void zip_bundles_only_its_mqtt_client_and_declares_adapter_and_codec() throws Exception {
        try (ZipFile zip = new ZipFile(System.getProperty("plugin.zip"))) {
            List<String> libs = zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/") && n.length() > 4)
                    .toList();
            assertThat(libs).containsExactly("lib/org.eclipse.paho.mqttv5.client-1.2.5.jar");
            assertThat(zip.getEntry("plugin.properties")).isNotNull();
            String idx = new String(zip.getInputStream(zip.getEntry("classes/META-INF/extensions.idx"))
                    .readAllBytes());
            assertThat(idx).contains("dev.estuary.adapter.lorawan.LorawanAdapter")
                    .contains("dev.estuary.adapter.lorawan.codec.CayenneLppCodec");
        }
    }

    @Test
    void installed_plugin_publishes_a_chirpstack_uplink_decoded_by_its_cayenne_codec() throws Exception {
        String id = plugins.install(Path.of(System.getProperty("plugin.zip")));
        assertThat(id).isEqualTo("lorawan");
        PluginInfo info = plugins.list().get(0);
        assertThat(info.state()).isEqualTo("STARTED");
        assertThat(info.adapters()).containsExactly("lorawan: running");
        assertThat(info.codecs()).contains("cayenne-lpp");

        ObjectNode up = (ObjectNode) JSON.readTree(Fixtures.bytes("chirpstack-v4-up.json"));
        up.put("data", "A2cBEAVnAP8=").put("fPort", 2).put("fCnt", 7);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/chirpstack?event=up"))
                .header("Authorization", "Bearer s3cret").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(up))).build();
        HttpResponse<String> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode u = app.await("devices/lorawan/0101010101010101/up/2").json();
        assertThat(u.path("fCnt").asInt()).isEqualTo(7);
        assertThat(u.path("decodedBy").asText()).isEqualTo("cayenne-lpp");
        assertThat(u.path("decoded").path("temperatureSensor").path("3").asDouble()).isEqualTo(27.2);
        assertThat(u.path("decoded").path("temperatureSensor").path("5").asDouble()).isEqualTo(25.5);
        assertThat(app.await("devices/lorawan/0101010101010101/status").json().path("status").asText())
                .isEqualTo("online");

        assertThat(plugins.disable("lorawan")).isTrue();
        app.await("devices/lorawan/0101010101010101/status", r -> r.json().path("status").asText().equals("offline"));
    }
}
