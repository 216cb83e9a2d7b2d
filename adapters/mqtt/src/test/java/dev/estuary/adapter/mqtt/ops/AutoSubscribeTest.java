package dev.estuary.adapter.mqtt.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.autosubscribe.AutoSubscriber;
import dev.estuary.core.config.AutoSubscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proxy subscriptions: a client that subscribed to nothing receives on the filters made for it at connect. */
@Timeout(30)
class AutoSubscribeTest {
    private MqttTestServer server;
    private Mqtt5AsyncClient device;
    private Mqtt5AsyncClient app;

    @AfterEach
    void stop() {
        for (Mqtt5AsyncClient c : new Mqtt5AsyncClient[] {device, app}) {
            if (c != null) {
                c.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
        server.close();
    }

    @Test
    void a_client_is_subscribed_to_its_own_command_topic_and_gets_its_retained_message() throws Exception {
        server = MqttTestServer.builder().websocket(false).start();
        server.broker().hooks().register(new AutoSubscriber(List.of(AutoSubscription.of("clients/%c/in", 1),
                AutoSubscription.of("users/%u/in", 1)), server.broker().sessions()));
        app = Mqtt5Client.builder().identifier("app").serverHost("127.0.0.1").serverPort(server.port())
                .buildAsync();
        app.connect().orTimeout(10, TimeUnit.SECONDS).join();
        app.publishWith().topic("clients/dev1/in").payload("retained".getBytes(StandardCharsets.UTF_8)).retain(true)
                .qos(MqttQos.AT_LEAST_ONCE).send().orTimeout(10, TimeUnit.SECONDS).join();

        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        device = Mqtt5Client.builder().identifier("dev1").serverHost("127.0.0.1").serverPort(server.port())
                .buildAsync();
        device.publishes(MqttGlobalPublishFilter.ALL, p -> inbox.add(p.getTopic() + " "
                + StandardCharsets.UTF_8.decode(p.getPayload().orElseThrow())));
        device.connect().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("clients/dev1/in retained");

        app.publishWith().topic("clients/dev1/in").payload("reboot".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("clients/dev1/in reboot");
        assertThat(server.broker().sessions().get("dev1").subscriptions()).containsOnlyKeys("clients/dev1/in");
        assertThat(server.broker().sessions().get("app").subscriptions()).containsOnlyKeys("clients/app/in");
    }
}
