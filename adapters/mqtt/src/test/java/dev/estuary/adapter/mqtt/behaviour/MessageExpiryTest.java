package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Received;
import dev.estuary.adapter.mqtt.testing.BehaviourClock;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Dropped;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.hooks.DropReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MQTT 5 message expiry (MQTT 5.0 §3.3.2.3.3): a queued message whose expiry passes is dropped (counted as
 * {@link DropReason#EXPIRED}) instead of delivered, also to MQTT 3.1.1 subscribers; a subscriber receives the
 * remaining interval; an expired retained message is not sent on subscribe. Time moves with a test clock.
 */
@Timeout(30)
class MessageExpiryTest {
    private final BehaviourClock clock = new BehaviourClock();
    private final BehaviourEventRecorder events = new BehaviourEventRecorder();
    private MqttTestServer server;

    @BeforeEach
    void start() {
        server = MqttTestServer.builder().clock(clock).start();
        server.broker().hooks().register(events);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BehaviourClient subscriber(Protocol p, Library lib) throws Exception {
        return BehaviourClient.of(p, server, "sub").library(lib).cleanStart(false).sessionExpiry(3600).connect();
    }

    private static void publish(BehaviourClient pub, String topic, String payload, long expirySeconds,
                                boolean retain) throws Exception {
        pub.hive5().publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(retain).messageExpiryInterval(expirySeconds).send()
                .get(5, TimeUnit.SECONDS);
    }

    @ForEachProtocol
    void queued_message_whose_expiry_passed_is_dropped_instead_of_delivered(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            try (BehaviourClient sub = subscriber(p, Library.HIVEMQ)) {
                sub.subscribe("t/#", 1);
                sub.disconnect();
            }
            BehaviourAwait.offline(server, "sub");
            publish(pub, "t/short", "short-lived", 10, false);
            pub.publish("t/forever", "forever", 1, false);
            clock.advance(Duration.ofSeconds(11));
            try (BehaviourClient sub = subscriber(p, Library.HIVEMQ)) {
                assertThat(sub.sessionPresent()).isTrue();
                pub.publish("t/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("forever", "end");
            }
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.EXPIRED)).isEqualTo(1);
        assertThat(events.of(Dropped.class)).containsExactly(
                new Dropped("sub", "t/short", "short-lived", DropReason.EXPIRED));
    }

    @Test
    void subscriber_receives_the_remaining_expiry_interval() throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            try (BehaviourClient sub = subscriber(Protocol.MQTT_5, Library.PAHO)) {
                sub.subscribe("t", 1);
                publish(pub, "t", "online", 60, false);
                Received online = sub.next();
                assertThat(online.expiry()).isBetween(50L, 60L);
                sub.disconnect();
            }
            BehaviourAwait.offline(server, "sub");
            publish(pub, "t", "queued", 60, false);
            pub.publish("t", "no-expiry", 1, false);
            clock.advance(Duration.ofSeconds(20));
            try (BehaviourClient sub = subscriber(Protocol.MQTT_5, Library.PAHO)) {
                Received queued = sub.next();
                assertThat(queued.payload()).isEqualTo("queued");
                assertThat(queued.expiry()).isBetween(30L, 40L);
                Received noExpiry = sub.next();
                assertThat(noExpiry.payload()).isEqualTo("no-expiry");
                assertThat(noExpiry.expiry()).isNull();
            }
        }
    }

    @Test
    void expired_retained_message_is_not_sent_on_subscribe() throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            publish(pub, "r/short", "short-lived", 10, true);
            publish(pub, "r/long", "long-lived", 3600, true);
            clock.advance(Duration.ofSeconds(11));
            try (BehaviourClient sub = BehaviourClient.connect(Protocol.MQTT_5, server, "late")) {
                sub.subscribe("r/#", 1);
                pub.publish("r/end", "end", 1, false);
                List<Received> got = sub.receiveUntil("end");
                assertThat(got).extracting(Received::payload).containsExactly("long-lived", "end");
                assertThat(got.get(0).expiry()).isBetween(3580L, 3589L);
            }
        }
    }
}
