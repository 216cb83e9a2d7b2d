package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.adapter.coap.codec.MqttOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoAP over DTLS with X.509 certificates: the gateway has a server certificate and trusts a device CA
 * ({@code dtls.certificate}, {@code dtls.private_key}, {@code dtls.trusted_certificates}); a device presenting a
 * certificate from that CA is the device named by its certificate's CN. Client: Californium/Scandium with the
 * device's certificate, verifying the gateway's against the same CA. Certificates are made by the test
 * (BouncyCastle).
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X509DtlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPki pki;
    private CoapTestGateway gw;
    private MqttProbe mqtt;

    @BeforeAll
    void startGateway(@TempDir Path dir) throws Exception {
        pki = new TestPki("Estuary Test Devices CA");
        TestPki.Issued server = pki.server();
        Path cert = TestPki.pem(dir.resolve("server.pem"), server.certificate(), pki.ca);
        Path key = TestPki.pem(dir.resolve("server-key.pem"), server.key());
        Path trusted = TestPki.pem(dir.resolve("devices-ca.pem"), pki.ca);
        gw = CoapTestGateway.builder(dir).config(c -> c.with("dtls").put("certificate", cert.toString())
                .put("private_key", key.toString()).put("trusted_certificates", trusted.toString())).start();
    }

    @AfterAll
    void stopGateway() {
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        mqtt = new MqttProbe(gw.mqtt().uri(), "app");
    }

    @AfterEach
    void disconnect() throws Exception {
        mqtt.close();
    }

    /** A Scandium client presenting {@code device}'s certificate and trusting {@code trust} for the server's. */
    private static CfClient certificateClient(TestPki.Issued device, X509Certificate trust, long timeoutMillis) {
        Configuration cfg = new Configuration(CfClient.CONFIG);
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(device.key(),
                        new X509Certificate[] {device.certificate()}, List.of(CertificateType.X_509)))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(trust).build())
                .build();
        CfClient c = new CfClient(new CoapEndpoint.Builder().setConfiguration(cfg)
                .setConnector(new DTLSConnector(dtls)).setOptionRegistry(MqttOptions.REGISTRY).build());
        c.client().setTimeout(timeoutMillis);
        return c;
    }

    private static Request post(String payload) {
        Request r = Request.newPost();
        r.setPayload(payload);
        return r;
    }

    @Test
    void a_device_with_a_certificate_from_the_trusted_ca_publishes_under_its_common_name() throws Exception {
        mqtt.subscribe("devices/coap/meter-x509-1/#");
        try (CfClient device = certificateClient(pki.device("meter-x509-1"), pki.ca, 5_000L)) {
            assertThat(device.send(post("230.1"), gw.coaps("/up/voltage")).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(mqtt.next("devices/coap/meter-x509-1/up/voltage").text()).isEqualTo("230.1");
        JsonNode status = JSON.readTree(mqtt.next("devices/coap/meter-x509-1/status").payload());
        assertThat(status.path("status").asText()).isEqualTo("online");
        assertThat(status.path("protocol").asText()).isEqualTo("coaps");
        assertThat(status.path("details").path("transport").asText()).isEqualTo("dtls");
    }

    @Test
    void the_certificate_identity_also_serves_pub_sub_pass_through() throws Exception {
        mqtt.subscribe("x509/readings");
        try (CfClient device = certificateClient(pki.device("meter-x509-2"), pki.ca, 5_000L)) {
            assertThat(device.send(post("42"), gw.coaps("/ps/x509/readings")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(mqtt.next("x509/readings").text()).isEqualTo("42");
    }

    @Test
    void a_clientid_other_than_the_certificate_common_name_is_answered_4_03() throws Exception {
        try (CfClient device = certificateClient(pki.device("meter-x509-3"), pki.ca, 5_000L)) {
            CoapResponse r = device.send(post("x"), gw.coaps("/up?clientid=meter-x509-1"));
            assertThat(r.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(r.getResponseText()).contains("does not match the DTLS identity meter-x509-3");
        }
    }

    @Test
    void a_certificate_from_another_ca_fails_the_handshake() throws Exception {
        mqtt.subscribe("devices/coap/meter-x509-1/#");
        TestPki rogue = new TestPki("Rogue CA");
        // the client trusts the gateway; only its own certificate is wrong. The 1.5 s client timeout proves no answer
        try (CfClient device = certificateClient(rogue.device("meter-x509-1"), pki.ca, 1_500L)) {
            assertThatThrownBy(() -> device.send(post("x"), gw.coaps("/up"))).isInstanceOf(AssertionError.class);
        }
        mqtt.assertNothingWithin("devices/coap/meter-x509-1/up", java.time.Duration.ofMillis(200));
    }
}
