package dev.estuary.adapter.lorawan.chirpstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.SelfSignedCertificate;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT integration over TLS: Estuary trusts the network server's broker only through the configured CA file. */
@Timeout(40)
class NetworkServerTlsTest {
    @TempDir
    Path dir;
    private MqttTestServer nsBroker;
    private SelfSignedCertificate cert;

    @BeforeEach
    void start() throws Exception {
        cert = SelfSignedCertificate.create(dir);
        nsBroker = MqttTestServer.builder().tls(new TlsConfig(cert.certFile().toString(), cert.keyFile().toString(),
                null, null, null, null, null, null, null, null, null, null)).start();
    }

    @AfterEach
    void stop() {
        nsBroker.close();
    }

    private ObjectNode config(boolean trustCa) {
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        ObjectNode mqtt = c.putArray("network_servers").addObject().put("name", "chirpstack").put("type", "chirpstack")
                .putObject("mqtt").put("server", "ssl://127.0.0.1:" + nsBroker.port(ListenerKind.SSL))
                .put("username", "estuary").put("password", "pw");
        if (trustCa) {
            mqtt.putObject("tls").put("ca_file", cert.certFile().toString());
        }
        return c;
    }

    @Test
    void events_arrive_over_tls_when_the_ca_is_trusted() throws Exception {
        try (LorawanHarness h = new LorawanHarness(config(true), dir.resolve("data"))) {
            await().atMost(Duration.ofSeconds(15)).until(h.adapter::networkServersSubscribed);
            Mqtt5BlockingClient ns = Mqtt5Client.builder().identifier("chirpstack").serverHost("127.0.0.1")
                    .serverPort(nsBroker.port()).buildBlocking();
            ns.connect();
            ns.publishWith().topic("application/" + ChirpStackExpectations.APP + "/device/0101010101010101/event/up")
                    .payload(Fixtures.bytes("chirpstack-v4-up.json")).qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(h.app.await("devices/lorawan/0101010101010101/up/1").json().path("via").asText())
                    .isEqualTo("mqtt");
            ns.disconnect();
        }
    }

    @Test
    void an_untrusted_broker_certificate_is_refused() throws Exception {
        try (LorawanHarness h = new LorawanHarness(config(false), dir.resolve("data"))) {
            Thread.sleep(1500); // proving that no connection comes up with an untrusted certificate
            assertThat(h.adapter.networkServersSubscribed()).isFalse();
        }
    }
}
