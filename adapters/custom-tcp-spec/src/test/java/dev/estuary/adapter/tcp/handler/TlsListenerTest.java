package dev.estuary.adapter.tcp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.tcp.testing.Subscriber;
import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.adapter.tcp.testing.TestCertificates;
import dev.estuary.core.spi.AdapterConfigException;
import dev.estuary.tools.simulator.SpecDevice;
import dev.estuary.tools.simulator.SpecFrames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same framing inside TLS (spec §2.2), with the certificate and key given as PEM files. */
@Timeout(60)
class TlsListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_device_over_tls_says_hello_and_its_uplinks_arrive() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        try (TcpTestGateway gateway = TcpTestGateway.builder().set("tls", Map.of("port", 0,
                "cert_file", certs.certFile.toString(), "key_file", certs.keyFile.toString())).start();
             Subscriber app = new Subscriber(gateway.mqtt().uri(), "app", "devices/tcp/#");
             SpecDevice d = SpecDevice.connect(certs.clientContext().getSocketFactory(), "127.0.0.1",
                     gateway.adapter().tlsPort(), true)) {
            assertThat(d.hello("secure-1", null, null, 60, WAIT).accepted()).isTrue();
            assertThat(app.await("devices/tcp/secure-1/status", WAIT).text()).contains("\"tls\":true");
            d.uplink(1, SpecFrames.TEXT, "t", "over tls".getBytes(StandardCharsets.UTF_8));
            assertThat(d.receive(WAIT).type()).isEqualTo(SpecFrames.ACK);
            assertThat(app.await("devices/tcp/secure-1/up/t", WAIT).text()).isEqualTo("over tls");
        }
    }

    @Test
    void an_unreadable_certificate_stops_the_adapter_naming_the_key() {
        assertThatThrownBy(() -> TcpTestGateway.builder().set("tls", Map.of("cert_file", dir.resolve("nope.pem")
                .toString(), "key_file", dir.resolve("nope.key").toString())).start())
                .isInstanceOf(AdapterConfigException.class).hasMessageContaining("adapters.tcp.tls.cert_file");
    }
}
