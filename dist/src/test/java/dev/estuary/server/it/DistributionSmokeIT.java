package dev.estuary.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as a test: the assembled distribution started with {@code bin/estuary start}, real
 * {@code mosquitto_sub} and {@code mosquitto_pub} processes exchanging a message through it, then SIGTERM: the
 * process exits 0 and a connected MQTT 5 client is told why (DISCONNECT 0x8B, server shutting down).
 */
@Timeout(120)
class DistributionSmokeIT {
    private static final String TOPIC = "devices/smoke/1/up";

    @TempDir
    Path work;

    @Test
    void mosquitto_clients_exchange_a_message_and_sigterm_stops_gracefully() throws Exception {
        String mosquittoSub = Tools.require("mosquitto_sub", "mosquitto-clients");
        String mosquittoPub = Tools.require("mosquitto_pub", "mosquitto-clients");
        String stdbuf = Tools.require("stdbuf", "coreutils");
        int port = Tools.freePort();
        Path subOut = work.resolve("mosquitto_sub.out");
        try (EstuaryProcess gateway = EstuaryProcess.start(work, EstuaryProcess.listenOn(port))) {
            gateway.awaitAccepting(port);
            CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
            MqttClient paho = connectPaho(port, disconnected);
            // line-buffered, so its debug line "received SUBACK" shows when the subscription is in place
            Process sub = new ProcessBuilder(stdbuf, "-oL", mosquittoSub, "-h", "127.0.0.1", "-p", "" + port,
                    "-t", TOPIC, "-q", "1", "-v", "-C", "1", "-W", "30", "-d")
                    .redirectErrorStream(true).redirectOutput(subOut.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> read(subOut).contains("received SUBACK"));
                Process pub = new ProcessBuilder(mosquittoPub, "-h", "127.0.0.1", "-p", "" + port,
                        "-V", "mqttv5", "-q", "1", "-t", TOPIC, "-m", "hello from mosquitto_pub")
                        .redirectErrorStream(true).start();
                assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();

                assertThat(sub.waitFor(20, TimeUnit.SECONDS)).as(read(subOut)).isTrue();
                assertThat(sub.exitValue()).as(read(subOut)).isZero();
                assertThat(read(subOut).lines()).contains(TOPIC + " hello from mosquitto_pub");

                assertThat(gateway.terminate()).as(gateway.output()).isZero();
                assertThat(disconnected.get(10, TimeUnit.SECONDS).getReturnCode()).isEqualTo(0x8B);
            } finally {
                sub.destroyForcibly();
                closeQuietly(paho);
            }
            assertThat(gateway.stderrLines()).as(gateway.output()).isEmpty();
            assertThat(gateway.stdoutText()).contains("MQTT listener tcp on /127.0.0.1:" + port, "Estuary stopped");
            assertThat(work.resolve("data")).isDirectory();
        }
    }

    private static MqttClient connectPaho(int port, CompletableFuture<MqttDisconnectResponse> disconnected)
            throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "smoke-paho-v5", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        client.connect(options);
        return client;
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close();
        } catch (MqttException e) {
            // the test's outcome is already decided; nothing to clean up beyond this
        }
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
