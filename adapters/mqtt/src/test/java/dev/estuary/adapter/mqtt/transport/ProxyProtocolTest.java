package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.session.ClientInfo;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROXY protocol v1 and v2 (haproxy.org/download/2.9/doc/proxy-protocol.txt) on every listener that turns it on:
 * the address in the header is the client's address for the broker; a connection without a valid header is
 * closed at once with one log line.
 */
@Timeout(60)
class ProxyProtocolTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static ListenerTestServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir);
        TlsConfig tls = new TlsConfig(pki.server.certFile().toString(), pki.server.keyFile().toString(), null, null,
                null, null, null, null, null, null, null, null);
        server = ListenerTestServer.start(tls, l -> l.withProxyProtocol(true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int tcpPort() {
        return server.port(ListenerKind.TCP);
    }

    /** v2 header: signature, version 2 + command, family/transport, address block. */
    private static byte[] v2(int command, int family, byte[] src, byte[] dst, int srcPort, int dstPort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        out.write(0x20 | command);               // version 2, LOCAL (0) or PROXY (1)
        out.write(family);                       // 0x11 TCP over IPv4, 0x21 TCP over IPv6
        int length = src.length + dst.length + 4;
        out.write(length >> 8);                  // length of the address block
        out.write(length & 0xFF);
        out.writeBytes(src);                     // source address
        out.writeBytes(dst);                     // destination address
        out.write(srcPort >> 8);                 // source port
        out.write(srcPort & 0xFF);
        out.write(dstPort >> 8);                 // destination port
        out.write(dstPort & 0xFF);
        return out.toByteArray();
    }

    private static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends {@code header} and CONNECT in one write, reads CONNACK, returns the session's client address. */
    private static InetSocketAddress connectThrough(byte[] header, String clientId) throws Exception {
        try (Socket s = new Socket("127.0.0.1", tcpPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(MqttBytes.concat(header, MqttBytes.connect(clientId)));
            assertThat(MqttBytes.type(MqttBytes.read(s.getInputStream()))).isEqualTo(MqttBytes.CONNACK);
            return server.client(clientId).remoteAddress();
        }
    }

    @Test
    void v1_tcp4_header_gives_the_session_the_real_client_address() throws Exception {
        assertThat(connectThrough(v1("PROXY TCP4 203.0.113.7 127.0.0.1 51234 1883"), "v1-tcp4"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 51234));
    }

    @Test
    void v1_tcp6_header_gives_the_session_the_real_client_address() throws Exception {
        assertThat(connectThrough(v1("PROXY TCP6 2001:db8::42 ::1 40000 1883"), "v1-tcp6"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::42"), 40000));
    }

    @Test
    void v2_tcp4_header_gives_the_session_the_real_client_address() throws Exception {
        byte[] header = v2(1, 0x11, new byte[] {(byte) 198, 51, 100, 23}, new byte[] {127, 0, 0, 1}, 61000, 1883);
        assertThat(connectThrough(header, "v2-tcp4"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("198.51.100.23"), 61000));
    }

    @Test
    void v2_tcp6_header_gives_the_session_the_real_client_address() throws Exception {
        byte[] header = v2(1, 0x21, InetAddress.getByName("2001:db8::7").getAddress(),
                InetAddress.getByName("::1").getAddress(), 5555, 1883);
        assertThat(connectThrough(header, "v2-tcp6"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 5555));
    }

    @Test
    void v2_local_command_from_a_health_check_keeps_the_socket_address() throws Exception {
        byte[] header = v2(0, 0x00, new byte[0], new byte[0], 0, 0);
        // LOCAL has no addresses: drop the 4 port bytes the helper wrote and fix the length to 0
        byte[] local = java.util.Arrays.copyOf(header, 16);
        local[14] = 0;
        local[15] = 0;
        assertThat(connectThrough(local, "v2-local").getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void header_and_connect_in_separate_writes_are_both_read() throws Exception {
        BlockingQueue<ClientInfo> connected = new ArrayBlockingQueue<>(5);
        try (AutoCloseable hook = server.broker().hooks().register(new BrokerEvents() {
            @Override
            public void clientConnected(ClientInfo client, boolean sessionPresent) {
                if (client.clientId().equals("slow-lb")) {
                    connected.add(client);
                }
            }
        }); Socket s = new Socket("127.0.0.1", tcpPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            byte[] header = v1("PROXY TCP4 192.0.2.99 127.0.0.1 1234 1883");
            out.write(header, 0, 7);
            out.flush();
            out.write(header, 7, header.length - 7);
            out.flush();
            out.write(MqttBytes.connect("slow-lb"));
            assertThat(MqttBytes.type(MqttBytes.read(s.getInputStream()))).isEqualTo(MqttBytes.CONNACK);
            ClientInfo info = connected.poll(5, TimeUnit.SECONDS);
            assertThat(info.ip()).isEqualTo("192.0.2.99");
        }
    }

    @Test
    void tls_listener_reads_the_header_before_the_handshake() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port(ListenerKind.SSL))) {
            raw.getOutputStream().write(v1("PROXY TCP4 203.0.113.50 127.0.0.1 44444 8883"));
            raw.getOutputStream().flush();
            try (SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory()
                    .createSocket(raw, "localhost", raw.getPort(), true)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(MqttBytes.connect("behind-lb-tls"));
                assertThat(MqttBytes.type(MqttBytes.read(s.getInputStream()))).isEqualTo(MqttBytes.CONNACK);
                assertThat(server.client("behind-lb-tls").remoteAddress())
                        .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.50"), 44444));
            }
        }
    }

    @Test
    void connection_without_a_header_is_closed_at_once_with_a_log_line() throws Exception {
        long before = server.stats(ListenerKind.TCP).proxyProtocolErrors();
        try (LogCapture log = LogCapture.estuary(); Socket s = new Socket("127.0.0.1", tcpPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(MqttBytes.connect("direct-client"));
            assertClosed(s.getInputStream());
            assertThat(log.linesContaining("PROXY protocol")).singleElement().asString()
                    .contains("listener tcp").contains("127.0.0.1:" + s.getLocalPort()).contains("sent none");
        }
        assertThat(server.stats(ListenerKind.TCP).proxyProtocolErrors()).isEqualTo(before + 1);
        assertThat(server.client("direct-client")).isNull();
    }

    @Test
    void malformed_v1_header_closes_the_connection_with_a_log_line() throws Exception {
        long before = server.stats(ListenerKind.TCP).proxyProtocolErrors();
        try (LogCapture log = LogCapture.estuary(); Socket s = new Socket("127.0.0.1", tcpPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(MqttBytes.concat(v1("PROXY TCP4 not-an-address 127.0.0.1 1 2"),
                    MqttBytes.connect("bad-header")));
            assertClosed(s.getInputStream());
            // the decoder closes before it reports: the line may follow the close by a moment
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.linesContaining("PROXY protocol").isEmpty());
            assertThat(log.linesContaining("PROXY protocol")).singleElement().asString()
                    .contains("listener tcp").contains("invalid").contains("not-an-address");
        }
        assertThat(server.stats(ListenerKind.TCP).proxyProtocolErrors()).isEqualTo(before + 1);
        assertThat(server.client("bad-header")).isNull();
    }

    private static void assertClosed(InputStream in) {
        try {
            MqttBytes.read(in);
            throw new AssertionError("the server answered instead of closing");
        } catch (EOFException expected) {
            // closed
        } catch (IOException reset) {
            assertThat(reset).hasMessageNotContaining("timed out");
        }
    }

    @Test
    void plain_listener_without_proxy_protocol_is_unaffected() throws Exception {
        try (ListenerTestServer plain = ListenerTestServer.start(TlsConfig.DEFAULTS);
             Socket s = new Socket("127.0.0.1", plain.port(ListenerKind.TCP))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(MqttBytes.connect("no-lb"));
            assertThat(MqttBytes.type(MqttBytes.read(s.getInputStream()))).isEqualTo(MqttBytes.CONNACK);
            await().atMost(Duration.ofSeconds(5)).until(() -> plain.client("no-lb") != null);
            assertThat(plain.client("no-lb").remoteAddress().getPort()).isEqualTo(s.getLocalPort());
        }
    }
}
