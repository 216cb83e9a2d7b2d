package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.auth.ClientAuthorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same gateway from libcoap's {@code coap-client} (an independent CoAP implementation), with the commands of
 * {@code docs/adapters/coap.md}: publish, retained GET, observe and cancel, {@code /up} and {@code /down},
 * connection mode, an 8 KiB block-wise transfer, DTLS PSK ({@code -u}/{@code -k}), 4.01 and 4.03. The broker's
 * test authenticator accepts password "secret"; its ACL forbids {@code forbidden/#}.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapClientCliIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CoapTestGateway gw;
    private MqttProbe mqtt;
    private Path dir;

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        CoapCli.requireInstalled(CoapCli.NOTLS);
        CoapCli.requireInstalled(CoapCli.OPENSSL);
        this.dir = dir;
        Authenticator auth = req -> CompletableFuture.completedFuture(req.client().username() == null
                || (req.password() != null && new String(req.password(), StandardCharsets.UTF_8).equals("secret"))
                ? AuthResult.allow(req.client().username(), false)
                : AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "wrong password"));
        ClientAuthorizer acl = new ClientAuthorizer() {
            @Override
            public boolean canPublish(String topic) {
                return !topic.startsWith("forbidden/");
            }

            @Override
            public boolean canSubscribe(String filter) {
                return !filter.startsWith("forbidden/");
            }

            @Override
            public boolean canReceive(String topic) {
                return true;
            }
        };
        gw = CoapTestGateway.builder(dir).broker(b -> b.authenticator(auth).authorizer(c -> acl))
                .psks(p -> p.add("cli-psk", "secret-key".getBytes(StandardCharsets.UTF_8))).start();
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

    private CoapCli.Result coap(String... args) throws Exception {
        return CoapCli.run(CoapCli.NOTLS, args);
    }

    @Test
    void post_publishes_with_its_content_type_and_non_works_too() throws Exception {
        mqtt.subscribe("cli/pub/#");
        CoapCli.Result r = coap("-m", "post", "-t", "application/json", "-e", "{\"t\":1}",
                gw.coap("/ps/cli/pub/a?clientid=cli-1"));
        assertThat(r.err()).isEmpty();
        MqttProbe.Received m = mqtt.next("cli/pub/a");
        assertThat(m.text()).isEqualTo("{\"t\":1}");
        assertThat(m.contentType()).isEqualTo("application/json");

        coap("-N", "-m", "put", "-e", "non", gw.coap("/ps/cli/pub/b?c=cli-1&q=1"));
        assertThat(mqtt.next("cli/pub/b").text()).isEqualTo("non");
    }

    @Test
    void get_returns_the_retained_message_or_4_04() throws Exception {
        mqtt.publish("cli/retained", "v1".getBytes(StandardCharsets.UTF_8), "text/plain", true);
        assertThat(coap("-m", "get", gw.coap("/ps/cli/retained?c=cli-2")).out().trim()).isEqualTo("v1");
        CoapCli.Result none = coap("-m", "get", gw.coap("/ps/cli/none?c=cli-2"));
        assertThat(none.err()).contains("4.04").contains("no retained message on cli/none");
        CoapCli.Result shown = coap("-v", "6", "-m", "get", gw.coap("/ps/cli/retained?c=cli-2"));
        assertThat(shown.out()).contains("65000:").contains("Content-Format:text/plain");
    }

    @Test
    void observe_receives_mqtt_messages_and_the_subscription_ends_with_the_observation() throws Exception {
        long before = gw.metric("observations");
        try (CoapCli.Live obs = CoapCli.start(CoapCli.NOTLS, "-m", "get", "-s", "4",
                gw.coap("/ps/cli/obs/%2B?c=cli-3&envelope=json"))) {
            await().until(() -> gw.metric("observations") == before + 1);
            mqtt.publish("cli/obs/kitchen", "21.5");
            assertThat(obs.awaitOutput("21.5", WAIT))
                    .contains("{\"topic\":\"cli/obs/kitchen\",\"payload\":\"21.5\",\"qos\":0,\"retained\":false}");
            obs.waitForExit(WAIT); // -s 4: coap-client cancels its observation and exits
        }
        await().until(() -> gw.metric("observations") == before);
    }

    @Test
    void get_with_observe_1_unsubscribes_like_emqx() throws Exception {
        long before = gw.metric("observations");
        try (CoapCli.Live obs = CoapCli.start(CoapCli.NOTLS, "-m", "get", "-s", "60",
                gw.coap("/ps/cli/emqx?c=cli-4"))) {
            await().until(() -> gw.metric("observations") == before + 1);
            mqtt.publish("cli/emqx", "first");
            obs.awaitOutput("first", WAIT);
            coap("-m", "get", "-O", "6,0x01", gw.coap("/ps/cli/emqx?c=cli-4"));
            await().until(() -> gw.metric("observations") == before);
        }
    }

    @Test
    void up_reaches_the_device_topic_and_down_commands_reach_the_observing_device() throws Exception {
        mqtt.subscribe("devices/coap/sensor-7/up/#");
        coap("-m", "post", "-t", "text/plain", "-e", "21.5", gw.coap("/up/temperature?clientid=sensor-7"));
        MqttProbe.Received up = mqtt.next("devices/coap/sensor-7/up/temperature");
        assertThat(up.text()).isEqualTo("21.5");
        assertThat(up.contentType()).isEqualTo("text/plain");

        long before = gw.metric("observations");
        try (CoapCli.Live down = CoapCli.start(CoapCli.NOTLS, "-s", "60",
                gw.coap("/down?clientid=sensor-7&envelope=json"))) {
            await().until(() -> gw.metric("observations") == before + 1);
            mqtt.publish("devices/coap/sensor-7/down/led", "on");
            assertThat(down.awaitOutput("\"channel\":\"led\"", WAIT)).contains("\"payload\":\"on\"");
        }
    }

    @Test
    void connection_mode_returns_a_token_that_later_requests_carry() throws Exception {
        mqtt.subscribe("cli/conn");
        String token = coap("-m", "post", gw.coap("/mqtt/connection?clientid=cli-6&username=dev&password=secret"))
                .out().trim();
        assertThat(token).matches("[0-9a-f]{16}");
        assertThat(coap("-m", "post", "-e", "with token", gw.coap("/ps/cli/conn?clientid=cli-6&token=" + token))
                .err()).isEmpty();
        assertThat(mqtt.next("cli/conn").text()).isEqualTo("with token");
        assertThat(coap("-m", "put", gw.coap("/mqtt/connection?clientid=cli-6&token=" + token)).err()).isEmpty();
        assertThat(coap("-m", "delete", gw.coap("/mqtt/connection?clientid=cli-6&token=" + token)).err()).isEmpty();
        assertThat(coap("-m", "post", "-e", "x", gw.coap("/ps/cli/conn?c=cli-6&t=" + token)).err())
                .contains("4.01");
    }

    @Test
    void an_8_kib_payload_is_sent_and_read_block_wise() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 8192) {
            text.append("0123456789abcdef");
        }
        Path file = dir.resolve("8k.txt");
        Files.writeString(file, text);
        mqtt.subscribe("cli/big");
        CoapCli.Result sent = coap("-m", "post", "-b", "512", "-f", file.toString(),
                gw.coap("/ps/cli/big?c=cli-7&retain=true"));
        assertThat(sent.err()).isEmpty();
        assertThat(mqtt.next("cli/big").text()).isEqualTo(text.toString());
        CoapCli.Result read = coap("-m", "get", "-b", "512", gw.coap("/ps/cli/big?c=cli-7"));
        assertThat(read.out().trim()).isEqualTo(text.toString());
        CoapCli.Result shown = coap("-v", "6", "-m", "get", "-b", "512", gw.coap("/ps/cli/big?c=cli-7"));
        assertThat(shown.out()).contains("Block2:15/_/512");
    }

    @Test
    void dtls_psk_device_is_identified_by_its_psk_identity() throws Exception {
        mqtt.subscribe("devices/coap/cli-psk/up/t");
        CoapCli.Result r = CoapCli.run(CoapCli.OPENSSL, "-u", "cli-psk", "-k", "secret-key", "-m", "post", "-e",
                "over dtls", gw.coaps("/up/t"));
        assertThat(r.err()).isEmpty();
        assertThat(mqtt.next("devices/coap/cli-psk/up/t").text()).isEqualTo("over dtls");

        CoapCli.Result wrong = CoapCli.run(CoapCli.OPENSSL, "-B", "2", "-u", "cli-psk", "-k", "wrong-key", "-m",
                "post", "-e", "intruder", gw.coaps("/up/t"));
        assertThat(wrong.out()).doesNotContain("intruder");
        mqtt.assertNothingWithin("devices/coap/cli-psk/up/t", Duration.ofMillis(300));
    }

    @Test
    void a_wrong_password_is_answered_4_01_and_a_forbidden_topic_4_03() throws Exception {
        assertThat(coap("-m", "post", "-e", "x", gw.coap("/ps/cli/a?c=cli-9&u=alice&p=guess")).err())
                .contains("4.01 bad username or password");
        assertThat(coap("-m", "post", "-e", "x", gw.coap("/ps/forbidden/x?c=cli-10")).err())
                .contains("4.03 not authorized to publish to forbidden/x");
    }
}
