package dev.estuary.adapter.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.MqttProbe;
import dev.estuary.adapter.lwm2m.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTLS with pre-shared keys kept in the adapter's store (written with {@link Lwm2mCredentials}, as the CLI does):
 * a known endpoint registers over DTLS and is managed from MQTT; unknown identities, a PSK used for another
 * endpoint's name and an endpoint with a credential on plain CoAP are refused.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Lwm2mSecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] KEY = HexFormat.of().parseHex("73656372657450534b");

    private Lwm2mGateway gateway;
    private Lwm2mCredentials credentials;
    private MqttProbe app;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    void start_gateway(@TempDir Path dir) throws Exception {
        gateway = Lwm2mGateway.start(dir, Lwm2mGateway.JSON.createObjectNode());
        credentials = new Lwm2mCredentials(gateway.lwm2mStore());
        credentials.putPsk("secure-1", "id-secure-1", KEY);
        credentials.putPsk("secure-2", "id-secure-2", KEY);
    }

    @AfterAll
    void stop_gateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        app = MqttProbe.v5(gateway.mqtt.uri(), "app-" + System.nanoTime());
    }

    @AfterEach
    void close() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        clients.clear();
        app.close();
    }

    private TestClient start(TestClient.Builder b) {
        TestClient c = b.start();
        clients.add(c);
        return c;
    }

    @Test
    void an_endpoint_with_its_psk_registers_over_dtls_and_answers_commands() throws Exception {
        app.subscribe("devices/lwm2m/secure-1/status");
        TestClient c = start(TestClient.builder("secure-1", gateway.coapsUri())
                .psk("id-secure-1", KEY));
        c.registered.get(10, TimeUnit.SECONDS);
        JsonNode status = app.awaitJson("devices/lwm2m/secure-1/status", WAIT,
                j -> j.path("status").asText().equals("online"));
        assertThat(status.path("details").path("security").asText()).isEqualTo("psk");
        assertThat(status.path("details").path("transport").asText()).isEqualTo("coaps");
        JsonNode a = app.call("devices/lwm2m/secure-1/down", "{\"op\":\"read\",\"path\":\"/3/0/0\"}", WAIT);
        assertThat(a.path("value").asText()).isEqualTo("Acme");
    }

    @Test
    void an_unknown_psk_identity_is_rejected() throws Exception {
        app.subscribe("devices/lwm2m/stranger/status");
        TestClient c = start(TestClient.builder("stranger", gateway.coapsUri())
                .psk("id-stranger", "whatever".getBytes(StandardCharsets.UTF_8)).requestTimeoutMs(2000));
        assertThatThrownBy(() -> c.registered.get(20, TimeUnit.SECONDS));
        app.assertNoMessageWithin("devices/lwm2m/stranger/status", Duration.ofMillis(200));
    }

    @Test
    void a_wrong_key_for_a_known_identity_is_rejected() throws Exception {
        TestClient c = start(TestClient.builder("secure-2", gateway.coapsUri())
                .psk("id-secure-2", "not the key".getBytes(StandardCharsets.UTF_8)).requestTimeoutMs(2000));
        assertThatThrownBy(() -> c.registered.get(20, TimeUnit.SECONDS));
    }

    @Test
    void a_psk_cannot_register_another_endpoint_name() throws Exception {
        TestClient c = start(TestClient.builder("secure-2", gateway.coapsUri()).psk("id-secure-1", KEY));
        assertThatThrownBy(() -> c.registered.get(10, TimeUnit.SECONDS)).hasMessageContaining("FORBIDDEN");
    }

    @Test
    void an_endpoint_with_a_credential_may_not_register_without_dtls() throws Exception {
        TestClient c = start(TestClient.builder("secure-2", gateway.coapUri()));
        assertThatThrownBy(() -> c.registered.get(10, TimeUnit.SECONDS)).hasMessageContaining("FORBIDDEN");
    }

    @Test
    void a_secure_identity_for_an_endpoint_without_credential_is_refused() throws Exception {
        credentials.putPsk("secure-3", "id-secure-3", KEY);
        credentials.remove("secure-3");
        TestClient c = start(TestClient.builder("secure-3", gateway.coapsUri()).psk("id-secure-3", KEY)
                .requestTimeoutMs(2000));
        assertThatThrownBy(() -> c.registered.get(20, TimeUnit.SECONDS));
    }
}
