package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.adapter.coap.codec.MqttOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoAP over DTLS with pre-shared keys from the adapter's store: the PSK identity is the device id; keys added or
 * removed while running apply to the next handshake; with a DTLS connection id the device keeps its observation
 * when its address changes. Client: Californium/Scandium.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DtlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CoapTestGateway gw;
    private MqttProbe mqtt;

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        gw = CoapTestGateway.builder(dir).psks(p -> p.add("dtls-1", bytes("key-one"))).start();
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A Scandium client with one PSK (and a DTLS connection id when {@code cid}). */
    private static CfClient dtlsClient(String identity, String key, boolean cid) {
        return dtlsClient(identity, key, cid, 5_000L);
    }

    /**
     * A client whose handshake is expected to fail: the server drops it, and the client gives up after
     * {@code timeoutMillis} (a bounded wait that proves no answer came).
     */
    private static CfClient refusedClient(String identity, String key) {
        return dtlsClient(identity, key, false, 1_500L);
    }

    private static CfClient dtlsClient(String identity, String key, boolean cid, long timeoutMillis) {
        Configuration cfg = new Configuration(CfClient.CONFIG);
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        if (cid) {
            cfg.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 4);
        }
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, bytes(key))).build();
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
    void a_psk_device_publishes_under_its_identity() throws Exception {
        mqtt.subscribe("devices/coap/dtls-1/#");
        try (CfClient dtls = dtlsClient("dtls-1", "key-one", false)) {
            assertThat(dtls.send(post("21.5"), gw.coaps("/up/temperature")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(mqtt.next("devices/coap/dtls-1/up/temperature").text()).isEqualTo("21.5");
        var status = JSON.readTree(mqtt.next("devices/coap/dtls-1/status").payload());
        assertThat(status.path("protocol").asText()).isEqualTo("coaps");
        assertThat(status.path("details").path("transport").asText()).isEqualTo("dtls");
    }

    @Test
    void a_clientid_other_than_the_dtls_identity_is_answered_4_03() {
        try (CfClient dtls = dtlsClient("dtls-1", "key-one", false)) {
            CoapResponse r = dtls.send(post("x"), gw.coaps("/up?clientid=someone-else"));
            assertThat(r.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(r.getResponseText()).contains("does not match the DTLS identity dtls-1");
        }
    }

    @Test
    void keys_added_and_removed_at_runtime_apply_to_the_next_handshake() {
        try (CfClient unknown = refusedClient("dtls-2", "key-two")) {
            assertThatThrownBy(() -> unknown.send(post("x"), gw.coaps("/up"))).isInstanceOf(AssertionError.class);
        }
        gw.psks().add("dtls-2", bytes("key-two"));
        try (CfClient known = dtlsClient("dtls-2", "key-two", false)) {
            assertThat(known.send(post("x"), gw.coaps("/up")).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(gw.psks().remove("dtls-2")).isTrue();
        try (CfClient removed = refusedClient("dtls-2", "key-two")) {
            assertThatThrownBy(() -> removed.send(post("x"), gw.coaps("/up"))).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void a_wrong_key_fails_the_handshake() {
        try (CfClient wrong = refusedClient("dtls-1", "not-the-key")) {
            assertThatThrownBy(() -> wrong.send(post("x"), gw.coaps("/up"))).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void with_a_connection_id_the_observation_follows_the_device_to_its_new_address() throws Exception {
        try (UdpRelay nat = new UdpRelay(new InetSocketAddress("127.0.0.1", gw.dtlsPort()));
             CfClient dtls = dtlsClient("dtls-1", "key-one", true)) {
            String via = "coaps://127.0.0.1:" + nat.port();
            Request observe = Request.newGet();
            observe.setObserve();
            observe.setURI(via + "/ps/cid/cmd");
            Notifications got = new Notifications();
            dtls.client().observe(observe, got);
            assertThat(got.next().getCode()).isEqualTo(ResponseCode.CONTENT);
            mqtt.publish("cid/cmd", "before");
            assertThat(got.next().getResponseText()).isEqualTo("before");

            nat.rebind();
            Request up = post("still me");
            up.setURI(via + "/up");
            assertThat(dtls.client().advanced(up).getCode()).isEqualTo(ResponseCode.CHANGED);
            mqtt.publish("cid/cmd", "after");
            assertThat(got.next().getResponseText()).isEqualTo("after");
        }
    }
}
