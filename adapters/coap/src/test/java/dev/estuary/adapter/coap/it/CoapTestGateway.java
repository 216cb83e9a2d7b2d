package dev.estuary.adapter.coap.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.coap.PskStore;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.Broker;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A gateway for the CoAP end-to-end tests: a broker with its MQTT listener on loopback, the adapter runtime, and
 * the CoAP plugin installed from the zip the build produced ({@code plugin.zip}), its listeners on
 * {@code 127.0.0.1:0}. The PSK store is the in-memory one the gateway hands the adapter.
 */
final class CoapTestGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttTestServer server;
    private final AdapterRuntime adapters;
    private final PluginRuntime plugins;
    private final InMemoryAdapterStore store = new InMemoryAdapterStore();

    private CoapTestGateway(Path dir, Consumer<ObjectNode> coapConfig, Consumer<Broker.Builder> broker,
                            Consumer<PskStore> psks) {
        server = MqttTestServer.builder().websocket(false).broker(broker).start();
        try {
            ObjectNode adaptersConfig = JSON.createObjectNode();
            ObjectNode coap = adaptersConfig.putObject("coap");
            coap.putObject("udp").put("bind", "127.0.0.1:0");
            coap.putObject("dtls").put("bind", "127.0.0.1:0");
            coap.put("threads", 2);
            coapConfig.accept(coap);
            EstuaryConfig config = new EstuaryConfig(null, server.broker().config(), null, null, null, adaptersConfig);
            adapters = new AdapterRuntime(server.broker(), config, "", store, dir.resolve("data"));
            psks.accept(psks());
            plugins = new PluginRuntime(dir.resolve("plugins"), List.of(), adapters);
            plugins.start();
            String zip = System.getProperty("plugin.zip");
            if (zip == null) {
                throw new IllegalStateException("plugin.zip is not set: run the ITs with failsafe after package");
            }
            plugins.install(Path.of(zip));
            if (!plugins.runningAdapters().contains("coap")) {
                throw new IllegalStateException("the coap adapter did not start: " + plugins.list());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Builder builder(Path dir) {
        return new Builder(dir);
    }

    static CoapTestGateway start(Path dir) {
        return builder(dir).start();
    }

    MqttTestServer mqtt() {
        return server;
    }

    AdapterRuntime adapters() {
        return adapters;
    }

    PluginRuntime plugins() {
        return plugins;
    }

    /** The PSKs the adapter reads (the store the gateway gave it). */
    PskStore psks() {
        return new PskStore(InMemoryAdapterStore.scoped(store, "coap"));
    }

    long metric(String name) {
        return adapters.metrics().value("estuary_adapter_coap_" + name);
    }

    int udpPort() {
        return (int) metric("udp_port");
    }

    int dtlsPort() {
        return (int) metric("dtls_port");
    }

    /** {@code coap://127.0.0.1:port} + pathAndQuery. */
    String coap(String pathAndQuery) {
        return "coap://127.0.0.1:" + udpPort() + pathAndQuery;
    }

    String coaps(String pathAndQuery) {
        return "coaps://127.0.0.1:" + dtlsPort() + pathAndQuery;
    }

    @Override
    public void close() {
        if (plugins != null) {
            plugins.close();
        }
        if (adapters != null) {
            adapters.close();
        }
        server.close();
    }

    /** Options. */
    static final class Builder {
        private final Path dir;
        private Consumer<ObjectNode> config = c -> { };
        private Consumer<Broker.Builder> broker = b -> { };
        private Consumer<PskStore> psks = p -> { };

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Changes {@code adapters.coap} (listeners are already on 127.0.0.1:0). */
        Builder config(Consumer<ObjectNode> v) {
            this.config = v;
            return this;
        }

        Builder broker(Consumer<Broker.Builder> v) {
            this.broker = v;
            return this;
        }

        Builder psks(Consumer<PskStore> v) {
            this.psks = v;
            return this;
        }

        CoapTestGateway start() {
            return new CoapTestGateway(dir, config, broker, psks);
        }
    }
}
