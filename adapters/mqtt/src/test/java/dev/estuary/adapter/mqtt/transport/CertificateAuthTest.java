package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.acl.AclConf;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.TlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth.cert_auth}: over mutual TLS, a client certificate's CN logs the client in as that user without a
 * password, and ACL rules with {@code %u} then apply to the CN. Real certificates (BouncyCastle), real Paho client.
 */
@Timeout(60)
class CertificateAuthTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    private static TlsConfig mutualTls() {
        return new TlsConfig(pki.server.certFile().toString(), pki.server.keyFile().toString(), null,
                pki.ca.certFile().toString(), "verify_peer", false, null, null, null, null, null, null);
    }

    /** Connects over TLS with {@code identity}'s certificate and no username; returns the client or throws. */
    private static MqttAsyncClient connect(int port, TestPki.Identity identity) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("ssl://127.0.0.1:" + port, "cert-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(pki.clientContext(identity).getSocketFactory());
        o.setConnectionTimeout(10);
        try {
            c.connect(o).waitForCompletion(10_000);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    private static int subscribe(MqttAsyncClient c, String filter) throws MqttException {
        IMqttToken t = c.subscribe(filter, 1);
        t.waitForCompletion(10_000);
        return t.getGrantedQos()[0];
    }

    private MqttTestServer server(AccessControl ac, AuthConfig auth) {
        return MqttTestServer.builder().tls(mutualTls()).websocket(false).auth(auth)
                .broker(b -> b.authenticator(ac.authenticator()).authorizer(ac.authorizer())).start();
    }

    @Test
    void certificate_cn_logs_in_as_that_user_and_placeholders_use_it() throws Exception {
        assertThat(pki.client.cn()).isEqualTo("device-1");
        AuthConfig auth = AuthConfig.DEFAULTS.withAllowAnonymous(false).withAclNomatch("deny").withCertAuth(true)
                .withPasswordHashIterations(1000);
        try (AccessControl ac = AccessControl.open(dir.resolve("estuary.db"), auth, Clock.systemUTC())) {
            ac.acl().replaceAll(AclConf.parse("{allow, all, all, [\"devices/%u/#\"]}."));
            ac.refresh();
            try (MqttTestServer server = server(ac, auth)) {
                MqttAsyncClient c = connect(server.port(ListenerKind.SSL), pki.client);
                try {
                    assertThat(subscribe(c, "devices/device-1/#")).isEqualTo(1);
                    assertThat(subscribe(c, "devices/device-2/#")).isEqualTo(0x80);
                } finally {
                    c.disconnect().waitForCompletion(10_000);
                    c.close();
                }
            }
        }
    }

    @Test
    void without_cert_auth_a_certificate_alone_is_anonymous_and_refused() throws Exception {
        AuthConfig auth = AuthConfig.DEFAULTS.withAllowAnonymous(false).withPasswordHashIterations(1000);
        try (AccessControl ac = AccessControl.open(dir.resolve("estuary.db"), auth, Clock.systemUTC());
             MqttTestServer server = server(ac, auth)) {
            MqttException refused = null;
            try {
                connect(server.port(ListenerKind.SSL), pki.client).close(true);
            } catch (MqttException e) {
                refused = e;
            }
            assertThat(refused).isNotNull();
            assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        }
    }
}
