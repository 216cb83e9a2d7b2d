package dev.estuary.adapter.mqtt.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Received;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retained messages (MQTT 5.0 §3.3.1.3, §3.8.3.1; 3.1.1 §3.3.1.3): set, replace, clear with an empty payload,
 * delivery on subscribe with the RETAIN flag, MQTT 5 Retain Handling 0/1/2 and Retain As Published, and the
 * 3.1.1 rule that normal forwarding clears the flag. A non-retained sentinel published after each subscribe
 * arrives after any retained message the subscribe produced, so "nothing else before it" proves absence.
 */
@Timeout(30)
class RetainedTest {
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
    void retained_message_is_delivered_on_subscribe_with_the_retain_flag(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("r/a", "retained", 1, true);
            pub.publish("r/b", "not-retained", 1, false);
            try (BehaviourClient sub = BehaviourClient.of(p, server, "sub").library(Library.PAHO).connect()) {
                sub.subscribe("r/#", 1);
                pub.publish("r/end", "end", 1, false);

                List<Received> got = sub.receiveUntil("end");
                assertThat(got).extracting(Received::payload).containsExactly("retained", "end");
                assertThat(got).extracting(Received::retain).containsExactly(true, false);
                assertThat(got.get(0).topic()).isEqualTo("r/a");
            }
        }
    }

    @ForEachProtocol
    void retained_message_is_replaced_by_the_next_retained_publish(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("r/a", "v1", 1, true);
            pub.publish("r/a", "v2", 0, true);
            pub.publish("barrier", "acknowledged", 1, false); // the QoS 0 publish before it was processed
            try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub")) {
                sub.subscribe("r/a", 1);
                assertThat(sub.next()).extracting(Received::payload, Received::qos, Received::retain)
                        .containsExactly("v2", 0, true);
                sub.subscribe("r/end", 1);
                pub.publish("r/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("end");
            }
        }
        assertThat(server.broker().retained().size()).isEqualTo(1);
    }

    @ForEachProtocol
    void retained_message_is_cleared_by_an_empty_retained_payload(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("r/a", "v1", 1, true);
            pub.publish("r/a", "", 1, true);
            try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub")) {
                sub.subscribe("r/#", 1);
                pub.publish("r/end", "end", 1, false);
                assertThat(sub.payloadsUntil("end")).containsExactly("end");
            }
        }
        assertThat(server.broker().retained().size()).isZero();
    }

    @ForEachProtocol
    void wildcard_subscribe_receives_every_matching_retained_message(Protocol p) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("w/1", "one", 1, true);
            pub.publish("w/2/deep", "deep", 1, true);
            pub.publish("w", "parent", 1, true);
            pub.publish("other/1", "other", 1, true);
            try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub")) {
                sub.subscribe("w/#", 1);
                pub.publish("w/end", "end", 1, false);
                List<Received> got = sub.receiveUntil("end");
                assertThat(got.subList(0, got.size() - 1)).extracting(Received::payload)
                        .containsExactlyInAnyOrder("one", "deep", "parent");
                assertThat(got.subList(0, got.size() - 1)).allMatch(Received::retain);
            }
        }
    }

    @ForEachProtocol
    void retained_dollar_topics_are_not_sent_for_leading_wildcards(Protocol p) throws Exception {
        server.broker().publish(Message.builder("$SYS/version").payload("sys".getBytes(StandardCharsets.UTF_8))
                .retain(true).createdAtMillis(System.currentTimeMillis()).build());
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            pub.publish("x/version", "plain", 1, true);
            try (BehaviourClient all = BehaviourClient.connect(p, server, "all");
                 BehaviourClient plus = BehaviourClient.connect(p, server, "plus");
                 BehaviourClient sys = BehaviourClient.connect(p, server, "sys")) {
                all.subscribe("#", 1);
                plus.subscribe("+/version", 1);
                sys.subscribe("$SYS/#", 1);
                pub.publish("x/version", "end", 1, false);

                assertThat(all.payloadsUntil("end")).containsExactly("plain", "end");
                assertThat(plus.payloadsUntil("end")).containsExactly("plain", "end");
                assertThat(sys.next()).extracting(Received::payload, Received::retain).containsExactly("sys", true);
            }
        }
    }

    @ForEachProtocol
    void normal_forwarding_clears_the_retain_flag_and_retained_on_subscribe_sets_it(Protocol p) throws Exception {
        try (BehaviourClient early = BehaviourClient.of(p, server, "early").library(Library.PAHO).connect();
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            early.subscribe("t", 1);
            pub.publish("t", "live", 1, true);
            assertThat(early.next()).extracting(Received::payload, Received::retain).containsExactly("live", false);

            try (BehaviourClient late = BehaviourClient.connect(p, server, "late")) {
                late.subscribe("t", 1);
                assertThat(late.next()).extracting(Received::payload, Received::retain)
                        .containsExactly("live", true);
            }
        }
    }

    @Test
    void retain_as_published_keeps_the_publishers_retain_flag() throws Exception {
        try (BehaviourClient sub = BehaviourClient.of(Protocol.MQTT_5, server, "sub").library(Library.PAHO)
                .connect();
             BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            MqttSubscription rap = new MqttSubscription("rap/#", 1);
            rap.setRetainAsPublished(true);
            sub.paho5().subscribe(new MqttSubscription[] {rap, new MqttSubscription("plain/#", 1)});

            pub.publish("rap/1", "rap-retained", 1, true);
            pub.publish("rap/2", "rap-live", 1, false);
            pub.publish("plain/1", "plain-retained", 1, true);

            List<Received> got = sub.receiveUntil("plain-retained");
            assertThat(got).extracting(Received::payload)
                    .containsExactly("rap-retained", "rap-live", "plain-retained");
            assertThat(got).extracting(Received::retain).containsExactly(true, false, false);
        }
    }

    @Test
    void retain_handling_0_sends_retained_messages_on_every_subscribe() throws Exception {
        assertThat(retainedOnTwoSubscribes(Mqtt5RetainHandling.SEND)).containsExactly(
                "retained", "end-1", "retained", "end-2");
    }

    @Test
    void retain_handling_1_sends_retained_messages_only_for_a_new_subscription() throws Exception {
        assertThat(retainedOnTwoSubscribes(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)).containsExactly(
                "retained", "end-1", "end-2");
    }

    @Test
    void retain_handling_2_never_sends_retained_messages_on_subscribe() throws Exception {
        assertThat(retainedOnTwoSubscribes(Mqtt5RetainHandling.DO_NOT_SEND)).containsExactly("end-1", "end-2");
    }

    /** Subscribes twice to the same filter with {@code rh}; returns what arrived, sentinels included. */
    private List<String> retainedOnTwoSubscribes(Mqtt5RetainHandling rh) throws Exception {
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub");
             BehaviourClient sub = BehaviourClient.connect(Protocol.MQTT_5, server, "sub")) {
            pub.publish("rh/x", "retained", 1, true);
            for (int i = 1; i <= 2; i++) {
                sub.hive5().subscribeWith().topicFilter("rh/#").qos(MqttQos.AT_LEAST_ONCE).retainHandling(rh).send()
                        .get(5, TimeUnit.SECONDS);
                pub.publish("rh/end", "end-" + i, 1, false);
            }
            return sub.payloadsUntil("end-2");
        }
    }
}
