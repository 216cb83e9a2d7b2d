package dev.estuary.adapter.mqtt.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.ban.Ban;
import dev.estuary.core.ban.BanCheck;
import dev.estuary.core.ban.BanKind;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.ban.Bans;
import dev.estuary.core.config.FlappingConfig;
import dev.estuary.core.limits.FlappingDetector;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ban list enforced at connect (0x8A, MQTT 3.1.1 code 5), bans of connected clients, flapping detection. */
@Timeout(60)
class BanAndFlappingTest {
    private final BanList bans = BanList.inMemory(Clock.systemUTC());
    private MqttTestServer server;
    private FlappingDetector flapping;

    @BeforeEach
    void start() {
        server = MqttTestServer.builder().websocket(false)
                .broker(b -> b.authenticator(new BanCheck(bans, Authenticator.ALLOW_ALL))).start();
        flapping = new FlappingDetector(new FlappingConfig(true, 3, Duration.ofMinutes(1), Duration.ofMinutes(5)),
                bans, Clock.systemUTC());
        server.broker().hooks().register(flapping);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Ban ban(BanKind kind, String value) {
        return new Ban(kind, value, "test ban", "test", System.currentTimeMillis(), 0);
    }

    private Mqtt5AsyncClient v5(String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(server.port()).buildAsync();
    }

    /** The CONNACK reason code an MQTT 5 client gets (0 when accepted; it then disconnects normally). */
    private int connectV5(String id) {
        Mqtt5AsyncClient c = v5(id);
        try {
            int code = c.connect().orTimeout(10, TimeUnit.SECONDS).join().getReasonCode().getCode();
            c.disconnect().orTimeout(10, TimeUnit.SECONDS).join();
            return code;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(Mqtt5ConnAckException.class);
            return ((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode().getCode();
        }
    }

    /** The CONNACK return code an MQTT 3.1.1 client gets. */
    private int connectV3(String id) throws Exception {
        MqttClient c = new MqttClient(server.uri(), id, new MemoryPersistence());
        try {
            c.connect();
            c.disconnect();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            c.close();
        }
    }

    @Test
    void a_banned_client_id_is_refused_with_0x8a_and_mqtt_3_return_code_5() throws Exception {
        bans.add(ban(BanKind.CLIENTID, "bad"));
        assertThat(connectV5("bad")).isEqualTo(0x8A);
        assertThat(connectV3("bad")).isEqualTo(5);
        assertThat(connectV5("good")).isZero();
    }

    @Test
    void an_address_block_ban_refuses_everyone_from_it_until_removed() throws Exception {
        bans.add(ban(BanKind.IPADDR, "127.0.0.0/8"));
        assertThat(connectV5("anyone")).isEqualTo(0x8A);
        bans.remove(new Ban.Key(BanKind.IPADDR, "127.0.0.0/8")).join();
        assertThat(connectV3("anyone")).isZero();
    }

    @Test
    void a_new_ban_disconnects_a_connected_v5_client_with_0x98() {
        Mqtt5AsyncClient c = v5("victim");
        CompletableFuture<Integer> disconnect = new CompletableFuture<>();
        c = Mqtt5Client.builder().identifier("victim").serverHost("127.0.0.1").serverPort(server.port())
                .addDisconnectedListener(ctx -> {
                    if (ctx.getCause() instanceof Mqtt5DisconnectException d) {
                        disconnect.complete(d.getMqttMessage().getReasonCode().getCode());
                    } else {
                        disconnect.completeExceptionally(ctx.getCause());
                    }
                }).buildAsync();
        c.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Ban ban = ban(BanKind.CLIENTID, "victim");
        bans.add(ban);
        assertThat(Bans.kickMatching(server.broker().sessions(), ban)).isEqualTo(1);
        assertThat(disconnect.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(0x98);
        assertThat(connectV5("victim")).isEqualTo(0x8A);
    }

    @Test
    void a_client_that_disconnects_max_count_times_in_the_window_is_banned() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(connectV3("flappy")).isZero();
            int n = i + 1;
            // the disconnect is counted when the broker has detached the session
            await().atMost(Duration.ofSeconds(10)).until(() -> server.broker().metrics().connections() == 0
                    && (n < 3 || bans.get(new Ban.Key(BanKind.CLIENTID, "flappy")) != null));
        }
        Ban ban = bans.get(new Ban.Key(BanKind.CLIENTID, "flappy"));
        assertThat(ban.by()).isEqualTo("flapping");
        assertThat(ban.untilMillis()).isGreaterThan(System.currentTimeMillis() + Duration.ofMinutes(4).toMillis());
        assertThat(connectV5("flappy")).isEqualTo(0x8A);
        assertThat(connectV5("steady")).isZero();
    }
}
