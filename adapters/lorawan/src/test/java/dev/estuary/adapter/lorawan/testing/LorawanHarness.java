package dev.estuary.adapter.lorawan.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.LorawanAdapter;
import dev.estuary.adapter.lorawan.abp.AbpKeyStore;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway as the adapter sees it in production — an Estuary broker with its MQTT listener on loopback, the
 * adapter runtime, the LoRaWAN adapter started with a configuration tree — plus an application subscriber on
 * {@code devices/#} and an HTTP client standing in for the network server.
 */
public final class LorawanHarness implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final MqttTestServer broker;
    public final AdapterRuntime runtime;
    public final InMemoryAdapterStore store = new InMemoryAdapterStore();
    public final LorawanAdapter adapter;
    public final Subscriber app;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LorawanHarness(ObjectNode lorawanConfig, Path dataDir) throws Exception {
        this(lorawanConfig, dataDir, new MutableClock(), null);
    }

    /** @param beforeStart runs with the ABP key store before the adapter starts (provisioning), or null */
    public LorawanHarness(ObjectNode lorawanConfig, Path dataDir, java.time.Clock clock,
                          java.util.function.Consumer<AbpKeyStore> beforeStart) throws Exception {
        this(lorawanConfig, dataDir, clock, beforeStart, runtime -> { });
    }

    /** @param withRuntime runs with the adapter runtime before the adapter starts (registering codecs) */
    public LorawanHarness(ObjectNode lorawanConfig, Path dataDir, java.time.Clock clock,
                          java.util.function.Consumer<AbpKeyStore> beforeStart,
                          java.util.function.Consumer<AdapterRuntime> withRuntime) throws Exception {
        this(lorawanConfig, dataDir, clock, beforeStart, withRuntime, b -> { });
    }

    /** @param customizeBroker customises the gateway's broker (authenticator, authorizer) */
    public LorawanHarness(ObjectNode lorawanConfig, Path dataDir, java.time.Clock clock,
                          java.util.function.Consumer<AbpKeyStore> beforeStart,
                          java.util.function.Consumer<AdapterRuntime> withRuntime,
                          java.util.function.Consumer<dev.estuary.core.Broker.Builder> customizeBroker)
            throws Exception {
        this.broker = MqttTestServer.builder().broker(customizeBroker).start();
        ObjectNode adapters = JSON.createObjectNode();
        if (!lorawanConfig.has("gwmp")) {
            lorawanConfig.putObject("gwmp").put("enabled", false); // on by default: keep UDP 1700 out of these tests
        }
        adapters.set("lorawan", lorawanConfig);
        runtime = new AdapterRuntime(broker.broker(), new EstuaryConfig(null, broker.broker().config(), null, null,
                adapters), "", store, dataDir);
        if (beforeStart != null) {
            beforeStart.accept(abpKeys());
        }
        withRuntime.accept(runtime);
        app = new Subscriber(broker.uri(), "app", "devices/#", "app/replies");
        adapter = new LorawanAdapter(clock);
        adapter.start(runtime.contextFor("lorawan"));
    }

    public AbpKeyStore abpKeys() {
        return new AbpKeyStore(InMemoryAdapterStore.scoped(store, "lorawan"));
    }

    /** A config with one network server {@code chirpstack} posting to {@code /chirpstack} with secret {@code s3cret}. */
    public static ObjectNode chirpstackHttp() {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("http").put("bind", "127.0.0.1").put("port", 0);
        ObjectNode ns = c.putArray("network_servers").addObject();
        ns.put("name", "chirpstack").put("type", "chirpstack");
        ns.putObject("http").put("path", "/chirpstack").put("secret", "s3cret");
        return c;
    }

    public HttpResponse<String> post(String pathAndQuery, byte[] body, String contentType, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.httpPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with {@code Authorization: Bearer s3cret}. */
    public HttpResponse<String> post(String pathAndQuery, byte[] body) throws Exception {
        return post(pathAndQuery, body, "application/json", Map.of("Authorization", "Bearer s3cret"));
    }

    public long metric(String name) {
        return runtime.metrics().value("estuary_adapter_lorawan_" + name);
    }

    @Override
    public void close() throws java.io.IOException, org.eclipse.paho.mqttv5.common.MqttException {
        try {
            adapter.stop();
        } finally {
            try {
                app.close();
            } finally {
                runtime.close();
                broker.close();
            }
        }
    }
}
