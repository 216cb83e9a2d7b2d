package dev.estuary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.config.ListenersConfig;
import dev.estuary.core.config.NodeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI changes users and rules in the database of a running gateway; clients see the change, no restart. */
@Timeout(60)
class LiveAuthChangesTest {
    @TempDir
    Path dir;
    private Gateway gateway;
    /** The configuration file the CLI is pointed at (same data_dir as the gateway). */
    private String cliConfig;

    @BeforeEach
    void start() {
        ListenerConfig off = ListenerConfig.at("127.0.0.1:0").withEnabled(false);
        EstuaryConfig config = EstuaryConfig.DEFAULTS
                .withNode(new NodeConfig(null, dir.resolve("data").toString(), 2, null, null,
                        dir.resolve("plugins").toString()))
                .withListeners(new ListenersConfig(ListenerConfig.at("127.0.0.1:0"), off, off, off))
                .withManagement(dev.estuary.core.config.ManagementConfig.DEFAULTS.withEnabled(false))
                .withAuth(AuthConfig.DEFAULTS.withAllowAnonymous(false).withAclNomatch("deny")
                        .withPasswordHashIterations(1000).withReloadInterval(Duration.ofMillis(100)));
        gateway = new Gateway(config);
        gateway.start();
        cliConfig = dir.resolve("cli.yaml").toString();
        try {
            java.nio.file.Files.writeString(Path.of(cliConfig), "node:\n  data_dir: '" + dir.resolve("data")
                    + "'\nauth:\n  password_hash_iterations: 1000\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    private static int cli(String... args) {
        StringWriter sink = new StringWriter();
        return Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), args);
    }

    private String uri() {
        return "tcp://127.0.0.1:" + gateway.mqtt().port(ListenerKind.TCP);
    }

    /** Connects; returns the client, or null when the CONNACK refused it. */
    private MqttAsyncClient connect(String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri(), "c-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        try {
            c.connect(o).waitForCompletion(10_000);
            return c;
        } catch (MqttException e) {
            c.close(true);
            return null;
        }
    }

    private static void close(MqttAsyncClient c) throws MqttException {
        c.disconnect().waitForCompletion(10_000);
        c.close();
    }

    private static int subscribeCode(MqttAsyncClient c, String filter) throws MqttException {
        IMqttToken t = c.subscribe(new MqttSubscription(filter, 1));
        try {
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        return t.getReasonCodes()[0];
    }

    @Test
    void a_user_added_and_deleted_by_the_cli_can_log_in_and_then_cannot() throws Exception {
        assertThat(connect("frank", "pw")).isNull();
        assertThat(cli("users", "add", "-c", cliConfig, "frank", "-p", "pw")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            MqttAsyncClient c = connect("frank", "pw");
            if (c != null) {
                close(c);
            }
            return c != null;
        });
        assertThat(cli("users", "del", "-c", cliConfig, "frank")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            MqttAsyncClient c = connect("frank", "pw");
            if (c != null) {
                close(c);
            }
            return c == null;
        });
    }

    @Test
    void a_rule_added_by_the_cli_applies_to_a_connected_client() throws Exception {
        assertThat(cli("users", "add", "-c", cliConfig, "gina", "-p", "pw")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            MqttAsyncClient c = connect("gina", "pw");
            if (c != null) {
                close(c);
            }
            return c != null;
        });
        MqttAsyncClient gina = connect("gina", "pw");
        try {
            assertThat(subscribeCode(gina, "feeds/#")).isEqualTo(0x87); // acl_nomatch deny
            assertThat(cli("acl", "add", "-c", cliConfig, "{allow, {user, \"gina\"}, subscribe, [\"feeds/#\"]}"))
                    .isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribeCode(gina, "feeds/#") == 1);
        } finally {
            close(gina);
        }
    }
}
