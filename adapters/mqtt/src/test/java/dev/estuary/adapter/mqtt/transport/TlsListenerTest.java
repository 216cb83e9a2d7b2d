package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.session.ClientInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS (8883) and secure WebSocket (8084) listeners with real clients: server authentication, mutual TLS,
 * session resumption, and one test per handshake failure reason, each checking the counter and the log line an
 * operator would read.
 */
@Timeout(60)
class TlsListenerTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(dir);
    }

    /** Server certificate for localhost/127.0.0.1, no client certificates. */
    static TlsConfig serverOnly() {
        return tls(pki.server, false, false, null, List.of());
    }

    static TlsConfig tls(TestPki.Identity server, boolean verifyPeer, boolean failIfNoPeerCert, Boolean cnAsUser,
                         List<String> versions) {
        return tls(server, verifyPeer, failIfNoPeerCert, cnAsUser, versions, List.of());
    }

    static TlsConfig tls(TestPki.Identity server, boolean verifyPeer, boolean failIfNoPeerCert, Boolean cnAsUser,
                         List<String> versions, List<String> ciphers) {
        return new TlsConfig(server.certFile().toString(), server.keyFile().toString(), null,
                verifyPeer ? pki.ca.certFile().toString() : null, verifyPeer ? "verify_peer" : "verify_none",
                failIfNoPeerCert, versions.isEmpty() ? null : versions, ciphers, null, null, null, cnAsUser);
    }

    static MqttClient paho(String uri, String clientId, SSLContext ctx) throws MqttException {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(ctx.getSocketFactory());
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    static void closeQuietly(MqttClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        } catch (MqttException e) {
            // best effort in tests
        }
    }

    // ------------------------------------------------------------------ working connections

    @Test
    void paho_over_tls_exchanges_messages_with_a_plain_tcp_client() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(serverOnly())) {
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            MqttClient tlsClient = paho("ssl://127.0.0.1:" + server.port(ListenerKind.SSL), "tls-sub",
                    pki.clientContext(null));
            MqttClient tcpClient = new MqttClient("tcp://127.0.0.1:" + server.port(ListenerKind.TCP), "tcp-pub",
                    new MemoryPersistence());
            try {
                tlsClient.subscribe("t/#", 1, (topic, m) -> got.add(topic + "=" + new String(m.getPayload(),
                        StandardCharsets.UTF_8)));
                tcpClient.connect();
                tcpClient.publish("t/1", "over tls".getBytes(StandardCharsets.UTF_8), 1, false);
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("t/1=over tls");
                assertThat(server.client("tls-sub").listener()).isEqualTo("ssl");
                assertThat(server.stats(ListenerKind.SSL).tlsFailures()).isEmpty();
            } finally {
                closeQuietly(tlsClient);
                closeQuietly(tcpClient);
            }
        }
    }

    @Test
    void hivemq_client_connects_over_secure_websocket_with_hostname_verification() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(serverOnly())) {
            Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("wss-client")
                    .serverHost("localhost").serverPort(server.port(ListenerKind.WSS))
                    .sslConfig().trustManagerFactory(pki.trustManagerFactory()).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").subprotocol("mqtt").applyWebSocketConfig()
                    .buildBlocking();
            client.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
                         client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                client.subscribeWith().topicFilter("wss/echo").send();
                client.publishWith().topic("wss/echo").payload("hi".getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> echo = publishes.receive(5, TimeUnit.SECONDS);
                assertThat(echo).isPresent();
                assertThat(new String(echo.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
                assertThat(server.client("wss-client").listener()).isEqualTo("wss");
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void mutual_tls_records_the_client_certificate_cn_without_changing_the_username() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(tls(pki.server, true, true, null, List.of()))) {
            MqttClient c = paho("ssl://127.0.0.1:" + server.port(ListenerKind.SSL), "mtls-1",
                    pki.clientContext(pki.client));
            try {
                ClientInfo info = server.client("mtls-1");
                assertThat(info.certCommonName()).isEqualTo("device-1");
                assertThat(info.username()).isNull();
            } finally {
                closeQuietly(c);
            }
        }
    }

    @Test
    void use_cn_as_username_makes_the_certificate_cn_the_username() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(tls(pki.server, true, true, true, List.of()))) {
            MqttClient c = new MqttClient("ssl://127.0.0.1:" + server.port(ListenerKind.SSL), "mtls-2",
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(pki.clientContext(pki.client).getSocketFactory());
            o.setUserName("claimed-name");
            o.setPassword("secret".toCharArray());
            c.connect(o);
            try {
                ClientInfo info = server.client("mtls-2");
                assertThat(info.username()).isEqualTo("device-1");
                assertThat(info.certCommonName()).isEqualTo("device-1");
            } finally {
                closeQuietly(c);
            }
        }
    }

    @Test
    void mosquitto_pub_publishes_over_mutual_tls_with_its_certificate_cn_recorded() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(tls(pki.server, true, true, null, List.of()))) {
            BlockingQueue<ClientInfo> connected = new ArrayBlockingQueue<>(5);
            server.broker().hooks().register(new BrokerEvents() {
                @Override
                public void clientConnected(ClientInfo client, boolean sessionPresent) {
                    connected.add(client);
                }
            });
            BlockingQueue<String> got = new ArrayBlockingQueue<>(5);
            MqttClient sub = new MqttClient("tcp://127.0.0.1:" + server.port(ListenerKind.TCP), "sub",
                    new MemoryPersistence());
            sub.connect();
            try {
                sub.subscribe("from/openssl", 1, (t, m) -> got.add(new String(m.getPayload(),
                        StandardCharsets.UTF_8)));
                connected.clear();
                MosquittoTools.Result r = MosquittoTools.run("mosquitto_pub", "-h", "127.0.0.1",
                        "-p", String.valueOf(server.port(ListenerKind.SSL)), "--cafile", pki.ca.certFile().toString(),
                        "--cert", pki.client.certFile().toString(), "--key", pki.client.keyFile().toString(),
                        "-i", "openssl-client", "-q", "1", "-t", "from/openssl", "-m", "hello");
                assertThat(r.exitCode()).as(r.output()).isZero();
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
                ClientInfo info = connected.poll(5, TimeUnit.SECONDS);
                assertThat(info.clientId()).isEqualTo("openssl-client");
                assertThat(info.certCommonName()).isEqualTo("device-1");
            } finally {
                closeQuietly(sub);
            }
        }
    }

    @Test
    void verify_peer_without_fail_if_no_peer_cert_admits_clients_without_a_certificate() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(tls(pki.server, true, false, null, List.of()))) {
            MqttClient c = paho("ssl://127.0.0.1:" + server.port(ListenerKind.SSL), "no-cert",
                    pki.clientContext(null));
            try {
                assertThat(server.client("no-cert").certCommonName()).isNull();
            } finally {
                closeQuietly(c);
            }
        }
    }

    @Test
    void second_handshake_resumes_the_tls_session() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(serverOnly())) {
            SSLContext ctx = pki.clientContext(null);
            int port = server.port(ListenerKind.SSL);
            SSLSession first = handshake(ctx, port, "TLSv1.2");
            SSLSession second = handshake(ctx, port, "TLSv1.2");
            assertThat(first.getId()).isNotEmpty();
            assertThat(second.getId()).isEqualTo(first.getId());
            assertThat(second.getCreationTime()).isEqualTo(first.getCreationTime());
            SSLSession other = handshake(pki.clientContext(null), port, "TLSv1.2");
            assertThat(other.getId()).as("a client without the cached session gets a new one")
                    .isNotEqualTo(first.getId());
        }
    }

    private static SSLSession handshake(SSLContext ctx, int port, String protocol) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            return s.getSession();
        }
    }

    // ------------------------------------------------------------------ handshake failures, one reason each

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void expired_client_certificate_is_counted_and_logged_as_certificate_expired(String version) throws Exception {
        assertFailure(tls(pki.server, true, true, null, List.of(version)), TlsFailure.CERTIFICATE_EXPIRED,
                port -> attempt(pki.clientContext(pki.expiredClient), port, new String[] {version}, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void client_certificate_from_another_ca_is_counted_and_logged_as_unknown_ca(String version) throws Exception {
        assertFailure(tls(pki.server, true, true, null, List.of(version)), TlsFailure.UNKNOWN_CA,
                port -> attempt(pki.clientContext(pki.strangerClient), port, new String[] {version}, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void missing_client_certificate_with_fail_if_no_peer_cert_is_counted_and_logged(String version)
            throws Exception {
        assertFailure(tls(pki.server, true, true, null, List.of(version)), TlsFailure.NO_CLIENT_CERTIFICATE,
                port -> attempt(pki.clientContext(null), port, new String[] {version}, null));
    }

    @Test
    void no_common_cipher_suite_is_counted_and_logged() throws Exception {
        TlsConfig tls = tls(pki.server, false, false, null, List.of("TLSv1.2"),
                List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
        assertFailure(tls, TlsFailure.NO_COMMON_CIPHER, port -> attempt(pki.clientContext(null), port,
                new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}));
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLSv1.2", "TLSv1.2, TLSv1.3"})
    void protocol_version_mismatch_is_counted_and_logged(String serverVersion, String clientVersion)
            throws Exception {
        assertFailure(tls(pki.server, false, false, null, List.of(serverVersion)), TlsFailure.PROTOCOL_VERSION,
                port -> attempt(pki.clientContext(null), port, new String[] {clientVersion}, null));
    }

    @Test
    void hostname_mismatch_is_counted_as_the_client_rejecting_the_server_certificate() throws Exception {
        assertFailure(tls(pki.wrongHostServer, false, false, null, List.of()),
                TlsFailure.CLIENT_REJECTED_SERVER_CERTIFICATE, port -> {
                    MqttClient c = new MqttClient("ssl://127.0.0.1:" + port, "picky", new MemoryPersistence());
                    MqttConnectOptions o = new MqttConnectOptions();
                    o.setSocketFactory(pki.clientContext(null).getSocketFactory());
                    o.setHttpsHostnameVerificationEnabled(true);
                    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // one attempt, no 3.1 retry
                    o.setConnectionTimeout(5);
                    try {
                        c.connect(o);
                        throw new AssertionError("Paho accepted a certificate for another host name");
                    } catch (MqttException expected) {
                        // the client refuses the certificate; the server sees its alert
                    } finally {
                        c.close();
                    }
                });
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"unknown CA, TLSv1.2", "unknown CA, TLSv1.3", "wrong host name, TLSv1.2",
        "wrong host name, TLSv1.3"})
    void mosquitto_pub_refusing_the_server_certificate_is_counted_as_the_client_rejecting_it(String why,
            String version) throws Exception {
        boolean wrongHost = why.equals("wrong host name");
        TlsConfig tls = tls(wrongHost ? pki.wrongHostServer : pki.server, false, false, null, List.of(version));
        TestPki.Identity trusted = wrongHost ? pki.ca : pki.otherCa;
        assertFailure(tls, TlsFailure.CLIENT_REJECTED_SERVER_CERTIFICATE, port -> {
            MosquittoTools.Result r = MosquittoTools.run("mosquitto_pub", "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "--cafile", trusted.certFile().toString(), "-t", "x", "-m", "y");
            assertThat(r.exitCode()).as(r.output()).isNotZero();
        });
    }

    @Test
    void plain_mqtt_sent_to_the_tls_port_is_counted_and_logged_as_not_tls() throws Exception {
        assertFailure(serverOnly(), TlsFailure.NOT_TLS, port -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                // CONNECT, MQTT 3.1.1, clean session, keep alive 60, client id "x"
                out.write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'x'});
                out.flush();
                drainUntilClosed(s.getInputStream());
            }
        });
    }

    @Test
    void silent_client_is_cut_off_after_the_handshake_timeout() throws Exception {
        TlsConfig tls = new TlsConfig(pki.server.certFile().toString(), pki.server.keyFile().toString(), null, null,
                null, null, null, null, Duration.ofMillis(300), null, null, null);
        assertFailure(tls, TlsFailure.HANDSHAKE_TIMEOUT, port -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                drainUntilClosed(s.getInputStream()); // sends nothing; the server gives up
            }
        });
    }

    @Test
    void connection_closed_before_any_handshake_byte_is_counted_and_logged_at_debug_only() throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(serverOnly()); LogCapture log = LogCapture.estuary()) {
            for (int i = 0; i < 3; i++) {
                new Socket("127.0.0.1", server.port(ListenerKind.SSL)).close(); // a port probe or health check
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats(ListenerKind.SSL)
                    .tlsFailures(TlsFailure.CLOSED_DURING_HANDSHAKE.label()) == 3);
            assertThat(server.stats(ListenerKind.SSL).tlsFailures()).containsOnlyKeys(
                    TlsFailure.CLOSED_DURING_HANDSHAKE.label());
            assertThat(log.linesContaining("TLS handshake")).as("DEBUG lines only").hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains(TlsFailure.CLOSED_DURING_HANDSHAKE.label()));
            assertThat(log.events()).filteredOn(ev -> ev.getFormattedMessage().contains("TLS handshake"))
                    .allSatisfy(ev -> assertThat(ev.getLevel()).isEqualTo(Level.DEBUG));
        }
    }

    /** Connects, tries the handshake and waits for the server to end the connection. */
    private static void attempt(SSLContext ctx, int port, String[] protocols, String[] ciphers)
            throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            if (protocols != null) {
                p.setProtocols(protocols);
            }
            if (ciphers != null) {
                p.setCipherSuites(ciphers);
            }
            s.setSSLParameters(p);
            try {
                s.startHandshake();
                drainUntilClosed(s.getInputStream());
            } catch (IOException expected) {
                // the handshake fails; the server's view is what the test checks
            }
        }
    }

    private static void drainUntilClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException closed) {
            // reset or alert: closed either way
        }
    }

    interface Attempt {
        void run(int port) throws Exception;
    }

    private static void assertFailure(TlsConfig tls, TlsFailure expected, Attempt attempt) throws Exception {
        try (ListenerTestServer server = ListenerTestServer.start(tls); LogCapture log = LogCapture.estuary()) {
            attempt.run(server.port(ListenerKind.SSL));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.stats(ListenerKind.SSL).tlsFailures(expected.label()) == 1);
            assertThat(server.stats(ListenerKind.SSL).tlsFailures()).containsOnlyKeys(expected.label());
            assertThat(log.linesContaining("TLS handshake")).singleElement().asString()
                    .contains("127.0.0.1").contains("listener ssl").contains(expected.label())
                    .contains(expected.advice());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().connections() == 0);
        }
    }
}
