package dev.estuary.adapter.lwm2m.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.Broker;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.core.spi.AdapterStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A gateway for the LwM2M plugin's tests: broker with MQTT on loopback port 0, adapter runtime with an in-memory
 * store, and the plugin installed from its built zip, its listeners on loopback port 0. The ports are read from
 * the server's retained status, as any MQTT client could.
 */
public final class Lwm2mGateway implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final MqttTestServer mqtt;
    public final AdapterRuntime adapters;
    public final PluginRuntime plugins;
    public final InMemoryAdapterStore store = new InMemoryAdapterStore();
    private final JsonNode serverStatus;

    private Lwm2mGateway(Path dir, ObjectNode lwm2m, Consumer<Broker.Builder> broker) throws Exception {
        lwm2m.with("coap").put("host", "127.0.0.1").put("port", 0);
        lwm2m.with("dtls").put("host", "127.0.0.1").put("port", 0);
        mqtt = MqttTestServer.builder().broker(broker).start();
        ObjectNode adaptersConfig = JSON.createObjectNode();
        adaptersConfig.set("lwm2m", lwm2m);
        EstuaryConfig config = new EstuaryConfig(null, mqtt.broker().config(), null, null, null, adaptersConfig);
        adapters = new AdapterRuntime(mqtt.broker(), config, "", store, dir.resolve("data"));
        plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
        plugins.start();
        String id = plugins.install(Path.of(System.getProperty("plugin.zip")));
        if (!plugins.runningAdapters().contains("lwm2m")) {
            throw new IllegalStateException("lwm2m adapter did not start: " + plugins.list());
        }
        try (MqttProbe probe = MqttProbe.v5(mqtt.uri(), "status-reader")) {
            probe.subscribe("devices/lwm2m-server/server/status");
            serverStatus = probe.awaitJson("devices/lwm2m-server/server/status", Duration.ofSeconds(10));
        }
        assert id.equals("lwm2m");
    }

    public static Lwm2mGateway start(Path dir, ObjectNode lwm2mConfig) throws Exception {
        return new Lwm2mGateway(dir, lwm2mConfig, b -> { });
    }

    public static Lwm2mGateway start(Path dir, ObjectNode lwm2mConfig, Consumer<Broker.Builder> broker)
            throws Exception {
        return new Lwm2mGateway(dir, lwm2mConfig, broker);
    }

    /** {@code coap://127.0.0.1:port}. */
    public String coapUri() {
        return "coap://" + serverStatus.path("details").path("coap").asText();
    }

    /** {@code coaps://127.0.0.1:port}. */
    public String coapsUri() {
        return "coaps://" + serverStatus.path("details").path("coaps").asText();
    }

    /** The adapter's view of the store (namespaces prefixed with the adapter id), as a CLI would open it. */
    public AdapterStore lwm2mStore() {
        return InMemoryAdapterStore.scoped(store, "lwm2m");
    }

    @Override
    public void close() {
        plugins.close();
        adapters.close();
        mqtt.close();
    }
}
