package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * QoS 1 is "at least once" across session takeovers: while a publisher streams messages, the subscriber's
 * persistent session is taken over again and again by new connections (each on whichever event loop it lands,
 * with Receive Maximums that grow and shrink); every message must reach one of them. The queue is unbounded
 * here so that only a real loss can fail it.
 */
@Timeout(60)
class TakeoverUnderLoadTest {
    private static final int MESSAGES = 400;
    private static final int TAKEOVERS = 4;

    @Test
    void qos1_messages_are_not_lost_while_the_session_is_taken_over_repeatedly() throws Exception {
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        try (MqttTestServer server = MqttTestServer.builder().mqtt(BehaviourConfig.mqtt().mqueueMaxLen(0).build())
                .start()) {
            try {
                Set<String> received = ConcurrentHashMap.newKeySet();
                Mqtt5AsyncClient first = subscriber(server, received, clients, 20);
                first.subscribeWith().topicFilter("load/#").qos(MqttQos.AT_LEAST_ONCE).send()
                        .get(5, TimeUnit.SECONDS);
                Mqtt5AsyncClient pub = Mqtt5Client.builder().identifier("pub").serverHost("127.0.0.1")
                        .serverPort(server.port()).buildAsync();
                clients.add(pub);
                pub.connect().get(5, TimeUnit.SECONDS);

                CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
                    List<CompletableFuture<?>> acks = new ArrayList<>();
                    for (int i = 0; i < MESSAGES; i++) {
                        acks.add(pub.publishWith().topic("load/" + (i % 7))
                                .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8))
                                .qos(MqttQos.AT_LEAST_ONCE).send());
                    }
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
                });
                for (int t = 0; t < TAKEOVERS; t++) {
                    int before = received.size();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> received.size() > before || published.isDone());
                    subscriber(server, received, clients, t % 2 == 0 ? 1 + t : 20);
                }
                published.get(20, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == MESSAGES);
                assertThat(received).hasSize(MESSAGES);
                assertThat(server.broker().metrics().droppedTotal()).isZero();
            } finally {
                for (Mqtt5AsyncClient c : clients) {
                    c.disconnect().handle((v, e) -> null).get(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** A new connection to the persistent session "sub", taking it over from the previous one. */
    private static Mqtt5AsyncClient subscriber(MqttTestServer server, Set<String> received,
                                               List<Mqtt5AsyncClient> clients, int receiveMaximum)
            throws Exception {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier("sub").serverHost("127.0.0.1")
                .serverPort(server.port()).buildAsync();
        clients.add(c);
        c.publishes(MqttGlobalPublishFilter.ALL,
                p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        c.connectWith().cleanStart(false).sessionExpiryInterval(600).restrictions().receiveMaximum(receiveMaximum)
                .applyRestrictions().send().get(5, TimeUnit.SECONDS);
        return c;
    }
}
