package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Received;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Subscription matching end to end (MQTT 5.0 §4.7, 3.1.1 §4.7): '+' and '#' wildcards, "a/#" matching "a",
 * '$' topics hidden from leading wildcards, and overlapping subscriptions of one client delivered once at the
 * highest granted QoS (MQTT 5.0 §3.3.4). Each test publishes the topics that must not match first and a matching
 * sentinel last: one publisher's messages keep their order, so what did not arrive before the sentinel never will.
 */
@Timeout(30)
class SubscriptionMatchingTest {
    private MqttTestServer server;

    @BeforeEach
    void start() {
        server = MqttTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ForEachProtocol
    void plus_matches_exactly_one_level(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("sport/+/score", 1);
            pub.publish("sport/score", "no-level", 1, false);
            pub.publish("sport/tennis/player/score", "two-levels", 1, false);
            pub.publish("sport/tennis/score", "tennis", 1, false);
            pub.publish("sport//score", "empty-level", 1, false);
            pub.publish("sport/golf/score", "end", 1, false);

            assertThat(sub.payloadsUntil("end")).containsExactly("tennis", "empty-level", "end");
        }
    }

    @ForEachProtocol
    void hash_matches_every_level_below_and_the_parent_level(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("a/#", 1);
            pub.publish("b", "other", 1, false);
            pub.publish("ab", "prefix-only", 1, false);
            pub.publish("a", "parent", 1, false);
            pub.publish("a/b", "child", 1, false);
            pub.publish("a/b/c/d", "deep", 1, false);
            pub.publish("a/", "empty-child", 1, false);
            pub.publish("a/z", "end", 1, false);

            assertThat(sub.payloadsUntil("end")).containsExactly("parent", "child", "deep", "empty-child", "end");
        }
    }

    @ForEachProtocol
    void dollar_topics_are_not_matched_by_leading_wildcards(Protocol p) throws Exception {
        try (BehaviourClient all = BehaviourClient.connect(p, server, "all");
             BehaviourClient plus = BehaviourClient.connect(p, server, "plus");
             BehaviourClient sys = BehaviourClient.of(p, server, "sys").library(Library.PAHO).connect()) {
            all.subscribe("#", 0);
            plus.subscribe("+/x", 0);
            plus.subscribe("+/end", 0);
            sys.subscribe("$SYS/#", 0);

            brokerPublish("$SYS/x", "sys-x");
            brokerPublish("$SYS/broker/uptime", "sys-deep");
            brokerPublish("a/x", "a-x");
            brokerPublish("z/end", "end");

            assertThat(all.payloadsUntil("end")).containsExactly("a-x", "end");
            assertThat(plus.payloadsUntil("end")).containsExactly("a-x", "end");
            assertThat(sys.receiveUntil("sys-deep")).extracting(Received::topic)
                    .containsExactly("$SYS/x", "$SYS/broker/uptime");
        }
    }

    @ForEachProtocol
    void overlapping_subscriptions_deliver_one_copy_at_the_highest_granted_qos(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.of(p, server, "sub").library(Library.PAHO).connect();
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("a/+", 0);
            sub.subscribe("a/#", 2);
            sub.subscribe("a/b", 1);
            pub.publish("a/b", "first", 1, false);
            // QoS 2 last: Paho hands a QoS 2 message to the application only at PUBREL, so a lower-QoS sentinel
            // could overtake it
            pub.publish("a/b", "end", 2, false);

            List<Received> got = sub.receiveUntil("end");
            assertThat(got).extracting(Received::payload).containsExactly("first", "end");
            assertThat(got).extracting(Received::qos).containsExactly(1, 2);
        }
    }

    @ForEachProtocol
    void subscribing_again_to_the_same_filter_replaces_the_subscription(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("t", 2);
            sub.subscribe("t", 0);
            pub.publish("t", "first", 2, false);
            pub.publish("t", "end", 2, false);

            List<Received> got = sub.receiveUntil("end");
            assertThat(got).extracting(Received::payload).containsExactly("first", "end");
            assertThat(got).extracting(Received::qos).containsExactly(0, 0);
            assertThat(server.broker().router().index().size()).isEqualTo(1);
        }
    }

    @ForEachProtocol
    void unsubscribe_stops_delivery_for_that_filter_only(Protocol p) throws Exception {
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.subscribe("a/#", 1);
            sub.subscribe("b/#", 1);
            sub.unsubscribe("a/#");
            pub.publish("a/1", "unsubscribed", 1, false);
            pub.publish("b/1", "end", 1, false);

            assertThat(sub.payloadsUntil("end")).containsExactly("end");
        }
    }

    private void brokerPublish(String topic, String payload) {
        server.broker().publish(Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(0)
                .createdAtMillis(System.currentTimeMillis()).build());
    }
}
