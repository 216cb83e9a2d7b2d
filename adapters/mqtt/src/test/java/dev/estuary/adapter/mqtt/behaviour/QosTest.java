package dev.estuary.adapter.mqtt.behaviour;

import static dev.estuary.adapter.mqtt.testing.BehaviourRawClient.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.mqtt.testing.BehaviourClient;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Library;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import dev.estuary.adapter.mqtt.testing.BehaviourClient.Received;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Acked;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Delivered;
import dev.estuary.adapter.mqtt.testing.BehaviourEventRecorder.Event;
import dev.estuary.adapter.mqtt.testing.BehaviourRawClient;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.ReasonCodes;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * QoS 0/1/2 in both directions (MQTT 5.0 §4.3, §4.4, §4.9; 3.1.1 §4.3, §4.4): packet ids, the inflight window
 * bounded by the client's Receive Maximum (or {@code mqtt.max_inflight}), redelivery with DUP on session resume,
 * QoS downgrade to the granted QoS, and {@code mqtt.max_qos_allowed}.
 */
@Timeout(30)
class QosTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private MqttTestServer server;
    private final BehaviourEventRecorder events = new BehaviourEventRecorder();

    private void start(BehaviourConfig config) {
        server = MqttTestServer.builder().mqtt(config.build()).start();
        server.broker().hooks().register(events);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ForEachProtocol
    void inbound_qos_flows_are_acknowledged_with_the_publishers_packet_ids(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourRawClient pub = BehaviourRawClient.open(server.port())) {
            sub.subscribe("t", 2);
            pub.connect(p.mqttVersion(), "pub", true, 0);

            pub.publish("t", "q0", 0, false, 0);
            pub.publish("t", "q1", 1, false, 7);
            assertThat(pub.expectAck(MqttMessageType.PUBACK)).isEqualTo(7);
            pub.publish("t", "q2", 2, false, 9);
            assertThat(pub.expectAck(MqttMessageType.PUBREC)).isEqualTo(9);
            pub.ack(MqttMessageType.PUBREL, 9);
            assertThat(pub.expectAck(MqttMessageType.PUBCOMP)).isEqualTo(9);

            List<Received> got = sub.receiveUntil("q2");
            assertThat(got).extracting(Received::payload).containsExactly("q0", "q1", "q2");
            assertThat(got).extracting(Received::qos).containsExactly(0, 1, 2);
        }
    }

    @ForEachProtocol
    void qos2_publish_resent_before_pubrel_is_forwarded_once(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourRawClient pub = BehaviourRawClient.open(server.port())) {
            sub.subscribe("t", 2);
            pub.connect(p.mqttVersion(), "pub", true, 0);

            pub.publish("t", "once", 2, false, 5);
            assertThat(pub.expectAck(MqttMessageType.PUBREC)).isEqualTo(5);
            pub.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, MqttQoS.EXACTLY_ONCE,
                    false, 0), new MqttPublishVariableHeader("t", 5, MqttProperties.NO_PROPERTIES),
                    Unpooled.wrappedBuffer("once".getBytes(StandardCharsets.UTF_8))));
            assertThat(pub.expectAck(MqttMessageType.PUBREC)).isEqualTo(5);
            pub.ack(MqttMessageType.PUBREL, 5);
            assertThat(pub.expectAck(MqttMessageType.PUBCOMP)).isEqualTo(5);
            pub.publish("t", "end", 1, false, 6);
            pub.expectAck(MqttMessageType.PUBACK);

            assertThat(sub.payloadsUntil("end")).containsExactly("once", "end");
        }
    }

    @ForEachProtocol
    void inbound_qos2_flow_completes_with_pubrel_after_the_publisher_reconnects(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub")) {
            sub.subscribe("t", 2);
            try (BehaviourRawClient pub = BehaviourRawClient.open(server.port())) {
                pub.connect(p.mqttVersion(), "pub", false, 60);
                pub.publish("t", "once", 2, false, 11);
                assertThat(pub.expectAck(MqttMessageType.PUBREC)).isEqualTo(11);
                pub.drop();
            }
            try (BehaviourRawClient pub = BehaviourRawClient.open(server.port())) {
                assertThat(pub.connect(p.mqttVersion(), "pub", false, 60).variableHeader().isSessionPresent())
                        .isTrue();
                pub.ack(MqttMessageType.PUBREL, 11);
                MqttMessage pubcomp = pub.expect(MqttMessageType.PUBCOMP);
                assertThat(((MqttMessageIdVariableHeader) pubcomp.variableHeader())
                        .messageId()).isEqualTo(11);
                if (p.isV5()) {
                    assertThat(((MqttPubReplyMessageVariableHeader) pubcomp.variableHeader()).reasonCode()).isZero();
                }
                pub.publish("t", "end", 1, false, 12);
                pub.expectAck(MqttMessageType.PUBACK);
            }
            assertThat(sub.payloadsUntil("end")).containsExactly("once", "end");
        }
        assertThat(server.broker().sessions().get("pub").awaitingRelCount()).isZero();
    }

    @ForEachProtocol
    void outbound_qos_flows_use_distinct_packet_ids_and_complete(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourRawClient sub = BehaviourRawClient.open(server.port());
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            sub.connect(p.mqttVersion(), "sub", true, 0);
            sub.subscribe(1, "t", 2);
            pub.publish("t", "q0", 0, false);
            pub.publish("t", "q1", 1, false);
            pub.publish("t", "q2", 2, false);

            MqttPublishMessage q0 = sub.expectPublish();
            MqttPublishMessage q1 = sub.expectPublish();
            MqttPublishMessage q2 = sub.expectPublish();
            assertThat(List.of(payload(q0), payload(q1), payload(q2))).containsExactly("q0", "q1", "q2");
            assertThat(q0.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
            assertThat(q1.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            assertThat(q2.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            int id1 = q1.variableHeader().packetId();
            int id2 = q2.variableHeader().packetId();
            assertThat(id1).isBetween(1, 65535);
            assertThat(id2).isBetween(1, 65535).isNotEqualTo(id1);
            assertThat(q1.fixedHeader().isDup()).isFalse();

            sub.ack(MqttMessageType.PUBACK, id1);
            sub.ack(MqttMessageType.PUBREC, id2);
            assertThat(sub.expectAck(MqttMessageType.PUBREL)).isEqualTo(id2);
            sub.ack(MqttMessageType.PUBCOMP, id2);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events.of(Acked.class))
                    .containsExactly(new Acked("sub", "t", "q1"), new Acked("sub", "t", "q2")));
            assertThat(server.broker().sessions().get("sub").inflightCount()).isZero();
        }
    }

    @Test
    void receive_maximum_bounds_the_unacknowledged_publishes_in_flight() throws Exception {
        start(BehaviourConfig.mqtt());
        LinkedBlockingQueue<Mqtt5Publish> got = new LinkedBlockingQueue<>();
        Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("sub").serverHost("127.0.0.1")
                .serverPort(server.port()).buildAsync();
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            sub.connectWith().restrictions().receiveMaximum(3).applyRestrictions().send().get(5, TimeUnit.SECONDS);
            sub.subscribeWith().topicFilter("t").qos(MqttQos.AT_LEAST_ONCE).callback(got::add)
                    .manualAcknowledgement(true).send().get(5, TimeUnit.SECONDS);
            for (int i = 1; i <= 10; i++) {
                pub.publish("t", "m" + i, 1, false);
            }

            List<String> payloads = new ArrayList<>();
            List<Mqtt5Publish> window = take(got, 3, payloads);
            assertThat(got.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("a fourth unacknowledged PUBLISH")
                    .isNull();
            while (payloads.size() < 10) {
                window.remove(0).acknowledge();
                window.addAll(take(got, 1, payloads));
            }
            window.forEach(Mqtt5Publish::acknowledge);
            assertThat(payloads).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(Acked.class).size() == 10);
            assertThat(maxOutstanding(events.all(), "sub")).isEqualTo(3);
        } finally {
            sub.disconnect().handle((v, e) -> null).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void max_inflight_bounds_the_unacknowledged_publishes_to_a_v3_client() throws Exception {
        start(BehaviourConfig.mqtt().maxInflight(2));
        try (BehaviourRawClient sub = BehaviourRawClient.open(server.port());
             BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_3_1_1, server, "pub")) {
            sub.connect(MqttVersion.MQTT_3_1_1, "sub", true, 0);
            sub.subscribe(1, "t", 1);
            for (int i = 1; i <= 5; i++) {
                pub.publish("t", "m" + i, 1, false);
            }
            MqttPublishMessage m1 = sub.expectPublish();
            MqttPublishMessage m2 = sub.expectPublish();
            sub.assertNoPacketWithin(QUIET);
            List<String> payloads = new ArrayList<>(List.of(payload(m1), payload(m2)));
            sub.ack(MqttMessageType.PUBACK, m1.variableHeader().packetId());
            MqttPublishMessage m3 = sub.expectPublish();
            payloads.add(payload(m3));
            sub.assertNoPacketWithin(QUIET);
            sub.ack(MqttMessageType.PUBACK, m2.variableHeader().packetId());
            sub.ack(MqttMessageType.PUBACK, m3.variableHeader().packetId());
            MqttPublishMessage m4 = sub.expectPublish();
            MqttPublishMessage m5 = sub.expectPublish();
            payloads.add(payload(m4));
            payloads.add(payload(m5));
            sub.ack(MqttMessageType.PUBACK, m4.variableHeader().packetId());
            sub.ack(MqttMessageType.PUBACK, m5.variableHeader().packetId());

            assertThat(payloads).containsExactly("m1", "m2", "m3", "m4", "m5");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.of(Acked.class).size() == 5);
            assertThat(maxOutstanding(events.all(), "sub")).isEqualTo(2);
        }
    }

    @Test
    void qos2_message_occupies_the_receive_maximum_until_pubcomp() {
        start(BehaviourConfig.mqtt());
        try (BehaviourRawClient sub = BehaviourRawClient.open(server.port());
             BehaviourRawClient pub = BehaviourRawClient.open(server.port())) {
            sub.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "sub")
                    .properties(receiveMaximum(2, 0)).build());
            sub.subscribe(1, "t", 2);
            pub.connect(MqttVersion.MQTT_5, "pub", true, 0);
            for (int i = 1; i <= 3; i++) {
                pub.publish("t", "m" + i, 2, false, i);
                pub.expectAck(MqttMessageType.PUBREC);
            }
            MqttPublishMessage m1 = sub.expectPublish();
            MqttPublishMessage m2 = sub.expectPublish();
            sub.assertNoPacketWithin(QUIET);
            int id1 = m1.variableHeader().packetId();
            sub.ack(MqttMessageType.PUBREC, id1);
            assertThat(sub.expectAck(MqttMessageType.PUBREL)).isEqualTo(id1);
            sub.assertNoPacketWithin(QUIET);
            sub.ack(MqttMessageType.PUBCOMP, id1);
            assertThat(payload(sub.expectPublish())).isEqualTo("m3");
            assertThat(payload(m2)).isEqualTo("m2");
        }
    }

    @Test
    void session_resume_respects_a_smaller_receive_maximum_of_the_new_connection() throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient pub = BehaviourClient.connect(Protocol.MQTT_5, server, "pub")) {
            List<Integer> ids = new ArrayList<>();
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                sub.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "sub").cleanSession(false)
                        .properties(receiveMaximum(3, 60)).build());
                sub.subscribe(1, "t", 1);
                for (int i = 1; i <= 3; i++) {
                    pub.publish("t", "m" + i, 1, false);
                }
                for (int i = 1; i <= 3; i++) {
                    ids.add(sub.expectPublish().variableHeader().packetId());
                }
                sub.disconnect();
            }
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                sub.connect(BehaviourRawClient.connectPacket(MqttVersion.MQTT_5, "sub").cleanSession(false)
                        .properties(receiveMaximum(1, 60)).build());
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    MqttPublishMessage again = sub.expectPublish();
                    sub.assertNoPacketWithin(QUIET);
                    assertThat(again.fixedHeader().isDup()).isTrue();
                    assertThat(again.variableHeader().packetId()).isEqualTo(ids.get(i));
                    payloads.add(payload(again));
                    sub.ack(MqttMessageType.PUBACK, again.variableHeader().packetId());
                }
                assertThat(payloads).containsExactly("m1", "m2", "m3");
            }
        }
    }

    /** MQTT 5 CONNECT properties: Receive Maximum and Session Expiry Interval. */
    private static MqttProperties receiveMaximum(int receiveMaximum, int sessionExpiry) {
        MqttProperties props = BehaviourRawClient.sessionExpiry(sessionExpiry);
        props.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, receiveMaximum));
        return props;
    }

    @ForEachProtocol
    void unacknowledged_publishes_are_resent_with_dup_and_the_same_packet_id_on_session_resume(Protocol p)
            throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            int id1;
            int id2;
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                sub.connect(p.mqttVersion(), "sub", false, 60);
                sub.subscribe(1, "t", 2);
                pub.publish("t", "m1", 1, false);
                pub.publish("t", "m2", 2, false);
                MqttPublishMessage first = sub.expectPublish();
                MqttPublishMessage second = sub.expectPublish();
                assertThat(first.fixedHeader().isDup()).isFalse();
                id1 = first.variableHeader().packetId();
                id2 = second.variableHeader().packetId();
                sub.disconnect();
            }
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                MqttConnAckMessage ack = sub.connect(p.mqttVersion(), "sub", false, 60);
                assertThat(ack.variableHeader().isSessionPresent()).isTrue();
                MqttPublishMessage again1 = sub.expectPublish();
                MqttPublishMessage again2 = sub.expectPublish();
                assertThat(payload(again1)).isEqualTo("m1");
                assertThat(again1.fixedHeader().isDup()).isTrue();
                assertThat(again1.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
                assertThat(again1.variableHeader().packetId()).isEqualTo(id1);
                assertThat(payload(again2)).isEqualTo("m2");
                assertThat(again2.fixedHeader().isDup()).isTrue();
                assertThat(again2.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
                assertThat(again2.variableHeader().packetId()).isEqualTo(id2);
                sub.ack(MqttMessageType.PUBACK, id1);
                sub.ack(MqttMessageType.PUBREC, id2);
                assertThat(sub.expectAck(MqttMessageType.PUBREL)).isEqualTo(id2);
                sub.ack(MqttMessageType.PUBCOMP, id2);

                pub.publish("t", "next", 1, false);
                MqttPublishMessage next = sub.expectPublish();
                assertThat(payload(next)).isEqualTo("next");
                assertThat(next.fixedHeader().isDup()).isFalse();
            }
        }
    }

    @ForEachProtocol
    void unacknowledged_publishes_are_resent_with_dup_to_the_connection_that_takes_the_session_over(Protocol p)
            throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub");
             BehaviourRawClient old = BehaviourRawClient.open(server.port());
             BehaviourRawClient fresh = BehaviourRawClient.open(server.port())) {
            old.connect(p.mqttVersion(), "sub", false, 60);
            old.subscribe(1, "t", 1);
            pub.publish("t", "m", 1, false);
            int id = old.expectPublish().variableHeader().packetId();

            assertThat(fresh.connect(p.mqttVersion(), "sub", false, 60).variableHeader().isSessionPresent()).isTrue();
            MqttPublishMessage again = fresh.expectPublish();
            assertThat(payload(again)).isEqualTo("m");
            assertThat(again.fixedHeader().isDup()).isTrue();
            assertThat(again.variableHeader().packetId()).isEqualTo(id);
            fresh.ack(MqttMessageType.PUBACK, id);
            old.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);

            pub.publish("t", "next", 1, false);
            MqttPublishMessage next = fresh.expectPublish();
            assertThat(payload(next)).isEqualTo("next");
            assertThat(next.fixedHeader().isDup()).isFalse();
        }
    }

    @ForEachProtocol
    void qos2_message_whose_pubrec_was_sent_gets_pubrel_resent_on_session_resume(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            int id;
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                sub.connect(p.mqttVersion(), "sub", false, 60);
                sub.subscribe(1, "t", 2);
                pub.publish("t", "m", 2, false);
                id = sub.expectPublish().variableHeader().packetId();
                sub.ack(MqttMessageType.PUBREC, id);
                assertThat(sub.expectAck(MqttMessageType.PUBREL)).isEqualTo(id);
                sub.drop();
            }
            try (BehaviourRawClient sub = BehaviourRawClient.open(server.port())) {
                sub.connect(p.mqttVersion(), "sub", false, 60);
                assertThat(sub.expectAck(MqttMessageType.PUBREL)).isEqualTo(id);
                sub.ack(MqttMessageType.PUBCOMP, id);
                pub.publish("t", "next", 2, false);
                MqttPublishMessage next = sub.expectPublish();
                assertThat(payload(next)).isEqualTo("next");
                assertThat(next.fixedHeader().isDup()).isFalse();
            }
        }
    }

    @ForEachProtocol
    void delivery_qos_is_downgraded_to_the_granted_qos(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt());
        try (BehaviourClient sub = BehaviourClient.of(p, server, "sub").library(Library.PAHO).connect();
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            assertThat(sub.subscribe("g0", 0)).isZero();
            assertThat(sub.subscribe("g1", 1)).isEqualTo(1);
            assertThat(sub.subscribe("g2", 2)).isEqualTo(2);
            pub.publish("g0", "2-to-0", 2, false);
            pub.publish("g1", "2-to-1", 2, false);
            pub.publish("g2", "1-stays-1", 1, false);
            pub.publish("g2", "0-stays-0", 0, false);
            pub.publish("g2", "2-stays-2", 2, false);

            List<Received> got = sub.receiveUntil("2-stays-2");
            assertThat(got).extracting(Received::payload)
                    .containsExactly("2-to-0", "2-to-1", "1-stays-1", "0-stays-0", "2-stays-2");
            assertThat(got).extracting(Received::qos).containsExactly(0, 1, 1, 0, 2);
        }
    }

    @ForEachProtocol
    void max_qos_allowed_caps_the_granted_qos(Protocol p) throws Exception {
        start(BehaviourConfig.mqtt().maxQosAllowed(1));
        try (BehaviourClient sub = BehaviourClient.connect(p, server, "sub");
             BehaviourClient pub = BehaviourClient.connect(p, server, "pub")) {
            assertThat(sub.subscribe("t", 2)).isEqualTo(1);
            pub.publish("t", "m", 1, false);
            assertThat(sub.next().qos()).isEqualTo(1);
        }
    }

    @Test
    void max_qos_allowed_is_advertised_to_v5_clients_and_a_higher_publish_is_refused_with_0x9b() {
        start(BehaviourConfig.mqtt().maxQosAllowed(1));
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            MqttConnAckMessage ack = c.connect(MqttVersion.MQTT_5, "c", true, 0);
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.MAXIMUM_QOS).value())
                    .isEqualTo(1);
            MqttSubAckMessage suback = c.subscribe(1, "t", 2);
            assertThat(suback.payload().reasonCodes()).containsExactly(1);
            c.publish("t", "too-high", 2, false, 3);
            MqttMessage disconnect = c.expect(MqttMessageType.DISCONNECT);
            assertThat(BehaviourRawClient.reasonCode(disconnect)).isEqualTo(ReasonCodes.QOS_NOT_SUPPORTED);
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
    }

    @Test
    void max_qos_allowed_closes_a_v3_client_that_publishes_above_it() {
        start(BehaviourConfig.mqtt().maxQosAllowed(0));
        try (BehaviourRawClient c = BehaviourRawClient.open(server.port())) {
            c.connect(MqttVersion.MQTT_3_1_1, "c", true, 0);
            assertThat(c.subscribe(1, "t", 2).payload().reasonCodes()).containsExactly(0);
            c.publish("t", "too-high", 1, false, 3);
            c.awaitClosed(BehaviourRawClient.DEFAULT_WAIT);
        }
    }

    private static List<Mqtt5Publish> take(LinkedBlockingQueue<Mqtt5Publish> q, int n, List<String> payloads)
            throws InterruptedException {
        List<Mqtt5Publish> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Mqtt5Publish m = q.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("PUBLISH %d of %d", i + 1, n).isNotNull();
            payloads.add(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8));
            out.add(m);
        }
        return out;
    }

    /** The most QoS 1/2 messages delivered to {@code clientId} and not yet acknowledged, over the event log. */
    private static int maxOutstanding(List<Event> log, String clientId) {
        int outstanding = 0;
        int max = 0;
        for (Event e : log) {
            if (e instanceof Delivered && ((Delivered) e).clientId().equals(clientId) && ((Delivered) e).qos() > 0) {
                max = Math.max(max, ++outstanding);
            } else if (e instanceof Acked && ((Acked) e).clientId().equals(clientId)) {
                outstanding--;
            }
        }
        return max;
    }
}
