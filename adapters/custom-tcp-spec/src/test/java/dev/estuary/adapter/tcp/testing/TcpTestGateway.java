package dev.estuary.adapter.tcp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.tcp.TcpAdapter;
import dev.estuary.adapter.tcp.vendor.VendorSource;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.tools.simulator.SpecDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker with its MQTT listener, the adapter runtime and the TCP adapter (started in-process, not from its zip)
 * on loopback ports chosen by the OS. Devices are {@link SpecDevice}s from the simulator: an implementation of the
 * framing written from the specification, independent of the adapter's codec.
 */
public final class TcpTestGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttTestServer server;
    private final AdapterRuntime adapters;
    private final TcpAdapter adapter;
    private final Path dir;

    private TcpTestGateway(Builder b) throws IOException {
        this.dir = Files.createTempDirectory("tcp-gateway");
        Authenticator auth = b.authenticator;
        this.server = auth == null ? MqttTestServer.start()
                : MqttTestServer.builder().broker(x -> x.authenticator(auth)).start();
        ObjectNode adaptersConfig = JSON.createObjectNode();
        adaptersConfig.set("tcp", JSON.valueToTree(b.config));
        EstuaryConfig config = new EstuaryConfig(null, server.broker().config(), null, null, adaptersConfig);
        this.adapters = new AdapterRuntime(server.broker(), config, "", new InMemoryAdapterStore(),
                dir.resolve("data"));
        this.adapter = new TcpAdapter(b.vendors);
        try {
            adapter.start(adapters.contextFor("tcp"));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public TcpAdapter adapter() {
        return adapter;
    }

    public AdapterRuntime adapters() {
        return adapters;
    }

    public MqttTestServer mqtt() {
        return server;
    }

    public int port() {
        return adapter.port();
    }

    /** A connected device that has not said HELLO. */
    public SpecDevice connect(boolean crc) throws IOException {
        return SpecDevice.connect("127.0.0.1", port(), crc);
    }

    /** A device that said HELLO (no credentials) and was accepted. */
    public SpecDevice online(String deviceId) throws Exception {
        SpecDevice d = connect(false);
        SpecDevice.HelloAck ack = d.hello(deviceId, null, null, 60, Duration.ofSeconds(5));
        if (!ack.accepted()) {
            d.close();
            throw new IllegalStateException(deviceId + " refused: " + ack);
        }
        return d;
    }

    @Override
    public void close() {
        adapter.stop();
        adapters.close();
        server.close();
    }

    /** Options. */
    public static final class Builder {
        private final Map<String, Object> config = new LinkedHashMap<>();
        private Authenticator authenticator;
        private VendorSource vendors = VendorSource.none();

        private Builder() {
            config.put("bind", "127.0.0.1");
            config.put("port", 0);
        }

        /** Sets {@code adapters.tcp.{key}} (nested maps for sections). */
        public Builder set(String key, Object value) {
            config.put(key, value);
            return this;
        }

        public Builder authenticator(Authenticator a) {
            this.authenticator = a;
            return this;
        }

        public Builder vendors(VendorSource v) {
            this.vendors = v;
            return this;
        }

        public TcpTestGateway start() throws IOException {
            return new TcpTestGateway(this);
        }
    }
}
