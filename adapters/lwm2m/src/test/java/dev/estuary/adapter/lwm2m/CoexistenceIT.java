package dev.estuary.adapter.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.MqttProbe;
import dev.estuary.adapter.lwm2m.testing.TestClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LwM2M plugin (Leshan + its own Californium 3.12) and the CoAP plugin (its own Californium 3.12) loaded into
 * one PluginRuntime: both start, and both serve their devices. Plugin-first class loading keeps the two copies of
 * Californium apart (each has its own static state). Runs when the CoAP plugin's zip was built (full reactor build;
 * skipped in {@code -pl adapters/lwm2m} builds that did not build it).
 */
@Timeout(60)
class CoexistenceIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Path coapZip() throws Exception {
        Path target = Path.of(System.getProperty("plugin.zip")).getParent().resolve("../../coap/target").normalize();
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("coap-adapter-.*\\.zip")).findFirst()
                    .orElse(null);
        }
    }

    @Test
    void lwm2m_and_coap_plugins_run_side_by_side_with_their_own_californium() throws Exception {
        Path coap = coapZip();
        assumeTrue(coap != null, "the CoAP plugin zip is not built (build the whole reactor)");
        ObjectNode adaptersConfig = Lwm2mGateway.JSON.createObjectNode();
        ObjectNode l = adaptersConfig.putObject("lwm2m");
        l.putObject("coap").put("host", "127.0.0.1").put("port", 0);
        l.putObject("dtls").put("host", "127.0.0.1").put("port", 0);
        ObjectNode c = adaptersConfig.putObject("coap");
        c.putObject("udp").put("bind", "127.0.0.1:0");
        c.putObject("dtls").put("bind", "127.0.0.1:0");
        try (MqttTestServer mqtt = MqttTestServer.start()) {
            EstuaryConfig config = new EstuaryConfig(null, mqtt.broker().config(), null, null, null, adaptersConfig);
            AdapterRuntime adapters = new AdapterRuntime(mqtt.broker(), config, "", new InMemoryAdapterStore(),
                    dir.resolve("data"));
            PluginRuntime plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
            try (MqttProbe app = MqttProbe.v5(mqtt.uri(), "app")) {
                plugins.start();
                plugins.install(coap);
                plugins.install(Path.of(System.getProperty("plugin.zip")));
                assertThat(plugins.runningAdapters()).contains("coap", "lwm2m");

                app.subscribe("devices/lwm2m-server/server/status");
                JsonNode server = app.awaitJson("devices/lwm2m-server/server/status", WAIT);
                app.subscribe("devices/lwm2m/both-1/status");
                try (TestClient lw = TestClient.builder("both-1", "coap://" + server.path("details").path("coap")
                        .asText()).start()) {
                    lw.registered.get(10, TimeUnit.SECONDS);
                    app.awaitJson("devices/lwm2m/both-1/status", WAIT);
                    JsonNode a = app.call("devices/lwm2m/both-1/down", "{\"op\":\"read\",\"path\":\"/3/0/0\"}", WAIT);
                    assertThat(a.path("value").asText()).isEqualTo("Acme");
                }

                app.subscribe("devices/coap/sensor-7/up/#");
                long port = adapters.metrics().value("estuary_adapter_coap_udp_port");
                org.eclipse.californium.core.network.CoapEndpoint endpoint =
                        org.eclipse.californium.core.network.CoapEndpoint.builder().setConfiguration(
                                org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile())
                                .build();
                CoapClient cf = new CoapClient("coap://127.0.0.1:" + port + "/up/temperature?clientid=sensor-7")
                        .setEndpoint(endpoint);
                try {
                    CoapResponse r = cf.post("21.5", MediaTypeRegistry.TEXT_PLAIN);
                    assertThat(r).isNotNull();
                    assertThat(r.isSuccess()).as(r.getCode().toString()).isTrue();
                } finally {
                    cf.shutdown();
                    endpoint.destroy();
                }
                assertThat(app.await("devices/coap/sensor-7/up/temperature", WAIT).payload()).isEqualTo("21.5");
            } finally {
                plugins.close();
                adapters.close();
            }
        }
    }
}
