package dev.estuary.adapter.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.device.ServerPresence;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.MqttProbe;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Never silence" under the ACL rules a new database starts with: the LwM2M server's own session may subscribe to
 * every endpoint's {@code down} topic and answer on its {@code reply} topic, so a command to an endpoint that is
 * not registered is answered with an error for MQTT 5 (response topic) and MQTT 3.1.1 (reply topic) requesters.
 */
@Timeout(60)
class OfflineRepliesAclIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private AccessControl access;
    private Lwm2mGateway gateway;

    @BeforeEach
    void start() throws Exception {
        access = AccessControl.open(dir.resolve("estuary.db"), AuthConfig.DEFAULTS.withPasswordHashIterations(1000),
                Clock.systemUTC());
        ObjectNode cfg = Lwm2mGateway.JSON.createObjectNode();
        gateway = Lwm2mGateway.start(dir, cfg,
                b -> b.authenticator(access.authenticator()).authorizer(access.authorizer()));
        String serverClientId = ServerPresence.KIND + ":" + ServerPresence.ID;
        await().atMost(WAIT).until(() -> {
            Session s = gateway.mqtt.broker().sessions().get(serverClientId);
            return s != null && s.subscriptions().containsKey("devices/lwm2m/+/down/#");
        });
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (access != null) {
            access.close();
        }
    }

    @Test
    void an_mqtt5_command_to_an_unregistered_endpoint_is_answered_on_the_response_topic() throws Exception {
        try (MqttProbe app = MqttProbe.v5(gateway.mqtt.uri(), "app-v5")) {
            JsonNode a = app.call("devices/lwm2m/nobody-1/down", "{\"id\":\"n1\",\"op\":\"read\",\"path\":\"/3/0/0\"}",
                    WAIT);
            assertThat(a.path("id").asText()).isEqualTo("n1");
            assertThat(a.path("ok").asBoolean()).isFalse();
            assertThat(a.path("error").asText()).contains("nobody-1 is not registered");
        }
    }

    @Test
    void an_mqtt3_command_to_an_unregistered_endpoint_is_answered_on_its_reply_topic() throws Exception {
        MqttClient v3 = new MqttClient(gateway.mqtt.uri(), "app-v3", new MemoryPersistence());
        try {
            v3.connect();
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            v3.subscribe("devices/lwm2m/nobody-2/reply", 1,
                    (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            v3.publish("devices/lwm2m/nobody-2/down",
                    "{\"id\":\"n2\",\"op\":\"read\",\"path\":\"/3/0/0\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            String answer = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer).as("answer on devices/lwm2m/nobody-2/reply").isNotNull();
            JsonNode a = Lwm2mGateway.JSON.readTree(answer);
            assertThat(a.path("id").asText()).isEqualTo("n2");
            assertThat(a.path("ok").asBoolean()).isFalse();
            assertThat(a.path("error").asText()).contains("nobody-2 is not registered");
        } finally {
            if (v3.isConnected()) {
                v3.disconnect();
            }
            v3.close();
        }
    }
}
