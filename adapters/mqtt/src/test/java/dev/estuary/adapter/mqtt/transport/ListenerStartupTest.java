package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.StartupException;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.config.ListenersConfig;
import dev.estuary.core.config.TlsConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops the listeners from starting (port in use, unusable certificate or key, incomplete mutual TLS
 * settings) is one {@link StartupException} line naming the listener or the key and the file; and a listener's
 * {@code max_connections} is enforced.
 */
@Timeout(60)
class ListenerStartupTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(dir);
    }

    private static TlsConfig tls(Path cert, Path key, String cacert, String verify, List<String> ciphers) {
        return new TlsConfig(cert.toString(), key.toString(), null, cacert, verify, null, null, ciphers, null, null,
                null, null);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartupFails(TlsConfig tls) {
        return assertThatThrownBy(() -> ListenerTestServer.start(tls).close())
                .isInstanceOf(StartupException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void port_in_use_fails_startup_naming_the_listener_and_the_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            UnaryOperator<ListenerConfig> any = UnaryOperator.identity();
            ListenersConfig listeners = ListenerTestServer.config(TlsConfig.DEFAULTS, any).listeners();
            ListenersConfig clash = new ListenersConfig(listeners.tcp(), listeners.ws().withBind("127.0.0.1:" + port),
                    listeners.ssl(), listeners.wss());
            assertThatThrownBy(() -> ListenerTestServer.start(
                    ListenerTestServer.config(TlsConfig.DEFAULTS, any).withListeners(clash)).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("listener ws")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("listeners.ws.bind");
        }
    }

    @Test
    void address_not_on_this_host_fails_startup_naming_the_listener() {
        // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface
        ListenersConfig listeners = new ListenersConfig(ListenerConfig.at("192.0.2.1:0"),
                ListenerConfig.at("127.0.0.1:0").withEnabled(false), null, null);
        assertThatThrownBy(() -> ListenerTestServer.start(
                ListenerTestServer.config(TlsConfig.DEFAULTS, UnaryOperator.identity()).withListeners(listeners))
                .close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("listener tcp cannot bind 192.0.2.1:0")
                .hasMessageContaining("listeners.tcp.bind");
    }

    @Test
    void listeners_bound_before_a_failing_one_are_released() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int tcpPort = probe.getLocalPort();
            probe.close();
            UnaryOperator<ListenerConfig> any = UnaryOperator.identity();
            ListenersConfig clash = new ListenersConfig(ListenerConfig.at("127.0.0.1:" + tcpPort),
                    ListenerConfig.at("127.0.0.1:" + taken.getLocalPort()), ListenerConfig.at("127.0.0.1:0"),
                    ListenerConfig.at("127.0.0.1:0"));
            assertThatThrownBy(() -> ListenerTestServer.start(
                    ListenerTestServer.config(TlsConfig.DEFAULTS, any).withListeners(clash)).close())
                    .isInstanceOf(StartupException.class);
            try (ServerSocket again = new ServerSocket(tcpPort, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).as("tcp listener's port is free again").isEqualTo(tcpPort);
            }
        }
    }

    @Test
    void missing_certificate_file_fails_startup_naming_the_key_and_the_file() {
        Path missing = dir.resolve("nope.crt");
        assertStartupFails(tls(missing, pki.server.keyFile(), null, null, null))
                .hasMessageContaining("tls.certfile").hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void missing_key_file_fails_startup_naming_the_key_and_the_file() {
        Path missing = dir.resolve("nope.key");
        assertStartupFails(tls(pki.server.certFile(), missing, null, null, null))
                .hasMessageContaining("tls.keyfile").hasMessageContaining(missing.toString());
    }

    @Test
    void certificate_file_without_a_certificate_fails_startup_naming_tls_certfile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "this is not a certificate\n");
        assertStartupFails(tls(garbage, pki.server.keyFile(), null, null, null))
                .hasMessageContaining("tls.certfile").hasMessageContaining(garbage.toString());
    }

    @Test
    void key_file_without_a_key_fails_startup_naming_tls_keyfile() throws Exception {
        // a certificate where the key should be: a classic copy-paste mistake
        assertStartupFails(tls(pki.server.certFile(), pki.server.certFile(), null, null, null))
                .hasMessageContaining("tls.keyfile").hasMessageContaining(pki.server.certFile().toString());
    }

    @Test
    void verify_peer_without_cacertfile_fails_startup_naming_tls_cacertfile() {
        assertStartupFails(tls(pki.server.certFile(), pki.server.keyFile(), null, "verify_peer", null))
                .hasMessageContaining("tls.cacertfile").hasMessageContaining("verify_peer");
    }

    @Test
    void unreadable_cacertfile_fails_startup_naming_the_key_and_the_file() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage-ca.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertStartupFails(tls(pki.server.certFile(), pki.server.keyFile(), garbage.toString(), "verify_peer",
                null)).hasMessageContaining("tls.cacertfile").hasMessageContaining(garbage.toString());
    }

    @Test
    void unknown_cipher_suite_fails_startup_naming_tls_ciphers() {
        assertStartupFails(tls(pki.server.certFile(), pki.server.keyFile(), null, null,
                List.of("TLS_NO_SUCH_CIPHER"))).hasMessageContaining("tls.ciphers")
                .hasMessageContaining("TLS_NO_SUCH_CIPHER");
    }

    // ------------------------------------------------------------------ max_connections

    @Test
    void connection_above_max_connections_is_closed_and_counted() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(TlsConfig.DEFAULTS,
                l -> ListenerTestServer.maxConnections(l, 2))) {
            String uri = "tcp://127.0.0.1:" + server.port(ListenerKind.TCP);
            MqttClient a = connect(uri, "a");
            MqttClient b = connect(uri, "b");
            assertThatThrownBy(() -> connect(uri, "c")).isInstanceOf(MqttException.class);
            assertThat(server.stats(ListenerKind.TCP).rejectedOverLimitCount()).isEqualTo(1);
            assertThat(server.client("c")).isNull();
            a.disconnect();
            a.close();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.stats(ListenerKind.TCP).currentConnections() == 1);
            MqttClient c = connect(uri, "c");
            assertThat(server.client("c")).as("a freed slot admits a new client").isNotNull();
            assertThat(server.stats(ListenerKind.TCP).rejectedOverLimitCount()).isEqualTo(1);
            c.disconnect();
            c.close();
            b.disconnect();
            b.close();
        }
    }

    @Test
    void max_connections_counts_each_listener_separately() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(TlsConfig.DEFAULTS,
                l -> ListenerTestServer.maxConnections(l, 1))) {
            MqttClient tcp = connect("tcp://127.0.0.1:" + server.port(ListenerKind.TCP), "tcp-1");
            MqttClient ws = connect("ws://127.0.0.1:" + server.port(ListenerKind.WS) + "/mqtt", "ws-1");
            assertThat(server.stats(ListenerKind.TCP).rejectedOverLimitCount()).isZero();
            assertThat(server.stats(ListenerKind.WS).rejectedOverLimitCount()).isZero();
            assertThatThrownBy(() -> connect("ws://127.0.0.1:" + server.port(ListenerKind.WS) + "/mqtt", "ws-2"))
                    .isInstanceOf(MqttException.class);
            assertThat(server.stats(ListenerKind.WS).rejectedOverLimitCount()).isEqualTo(1);
            tcp.disconnect();
            tcp.close();
            ws.disconnect();
            ws.close();
        }
    }

    private static MqttClient connect(String uri, String id) throws MqttException {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(5);
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
