package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.mqtt.testing.AdjustableClock;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.DropReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MQTT 5 application-message properties (MQTT 5.0 §3.3.2.3): user properties, content type, payload format
 * indicator, response topic and correlation data reach subscribers unchanged (Paho publisher, HiveMQ subscriber);
 * a payload that claims to be UTF-8 but is not is refused with 0x99; and the message expiry interval is forwarded
 * as what remains of it, with expired messages dropped and counted. The broker clock is an
 * {@link AdjustableClock} so the remaining intervals are exact.
 */
@Timeout(30)
class MessagePropertiesTest {
    private final AdjustableClock clock = AdjustableClock.atEpochSecond(1_700_000_000L);
    private MqttTestServer server;
    private org.eclipse.paho.mqttv5.client.MqttClient publisher;

    @BeforeEach
    void start() throws Exception {
        server = MqttTestServer.builder().clock(clock).start();
        publisher = new org.eclipse.paho.mqttv5.client.MqttClient(server.uri(), "props-publisher",
                new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions());
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            if (publisher.isConnected()) {
                publisher.disconnect();
            }
            publisher.close();
        }
        server.close();
    }

    @Test
    void user_properties_content_type_payload_format_response_topic_and_correlation_data_pass_through_unchanged()
            throws Exception {
        Mqtt5BlockingClient sub = hivemq("props-subscriber");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("req/#").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publish("req/temperature", requestMessage(false));

            Mqtt5Publish p = got.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertRequestProperties(p);
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void retained_message_keeps_its_properties_for_later_subscribers() throws Exception {
        publisher.publish("req/retained", requestMessage(true));
        Mqtt5BlockingClient sub = hivemq("props-late-subscriber");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("req/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish p = got.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(p.isRetain()).isTrue();
            assertRequestProperties(p);
        } finally {
            sub.disconnect();
        }
    }

    private static MqttMessage requestMessage(boolean retained) {
        MqttMessage m = new MqttMessage("{\"t\": 21.5, \"unit\": \"°C\"}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retained);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(List.of(new UserProperty("site", "north"), new UserProperty("site", "south"),
                new UserProperty("trace", "ünïcødé")));
        p.setContentType("application/json; charset=utf-8");
        p.setPayloadFormat(true);
        p.setResponseTopic("resp/client-7");
        p.setCorrelationData(new byte[] {0, (byte) 0xFF, 0x10, (byte) 0x80});
        m.setProperties(p);
        return m;
    }

    private static void assertRequestProperties(Mqtt5Publish p) {
        assertThat(p.getUserProperties().asList().stream()
                .map(u -> u.getName() + "=" + u.getValue()).collect(Collectors.toList()))
                .as("user properties, in order, duplicates kept")
                .containsExactly("site=north", "site=south", "trace=ünïcødé");
        assertThat(p.getContentType().map(Object::toString)).contains("application/json; charset=utf-8");
        assertThat(p.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(p.getResponseTopic().map(Object::toString)).contains("resp/client-7");
        ByteBuffer correlation = p.getCorrelationData().orElseThrow();
        byte[] bytes = new byte[correlation.remaining()];
        correlation.get(bytes);
        assertThat(bytes).containsExactly(0, 0xFF, 0x10, 0x80);
        assertThat(p.getMessageExpiryInterval()).as("no expiry was set").isEmpty();
    }

    @Test
    void payload_declared_utf8_but_invalid_gets_puback_or_pubrec_0x99_and_is_not_delivered() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "pfi-sub", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "pfi-pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "pfi/#", 1));
            sub.expect(Packet.SUBACK);
            byte[] invalid = MqttBytes.bytes('o', 'k', 0xC3, 0x28); // 0xC3 must be followed by 10xxxxxx
            byte[] utf8 = props().payloadFormat(1).bytes();

            pub.send(MqttBytes.publish(1, false, "pfi/a", 1, utf8, invalid));
            Packet puback = pub.expect(Packet.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(ReasonCodes.PAYLOAD_FORMAT_INVALID);
            pub.send(MqttBytes.publish(2, false, "pfi/a", 2, utf8, invalid));
            Packet pubrec = pub.expect(Packet.PUBREC);
            assertThat(pubrec.reasonCode()).isEqualTo(ReasonCodes.PAYLOAD_FORMAT_INVALID);

            // the same bytes without the indicator are just bytes, and valid UTF-8 with it is fine
            pub.send(MqttBytes.publish(1, false, "pfi/a", 3, props().bytes(), invalid));
            assertThat(pub.expect(Packet.PUBACK).reasonCode()).isEqualTo(ReasonCodes.SUCCESS);
            pub.send(MqttBytes.publish(1, false, "pfi/a", 4, utf8, "ünï".getBytes(StandardCharsets.UTF_8)));
            assertThat(pub.expect(Packet.PUBACK).reasonCode()).isEqualTo(ReasonCodes.SUCCESS);

            Packet first = sub.expect(Packet.PUBLISH);
            assertThat(first.payload()).as("the refused messages were not routed").isEqualTo(invalid);
            assertThat(first.properties().has(PropertyIds.PAYLOAD_FORMAT_INDICATOR)).isFalse();
            Packet second = sub.expect(Packet.PUBLISH);
            assertThat(second.payloadString()).isEqualTo("ünï");
            assertThat(second.properties().number(PropertyIds.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        }
    }

    @Test
    void online_subscriber_receives_the_message_expiry_interval() throws Exception {
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "exp-online", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "exp/#", 1));
            sub.expect(Packet.SUBACK);
            publisher.publish("exp/a", expiring("in 30 s", 30));
            publisher.publish("exp/b", new MqttMessage("forever".getBytes(StandardCharsets.UTF_8)));

            Packet first = sub.expect(Packet.PUBLISH);
            assertThat(first.properties().number(PropertyIds.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(30);
            Packet second = sub.expect(Packet.PUBLISH);
            assertThat(second.properties().has(PropertyIds.MESSAGE_EXPIRY_INTERVAL)).isFalse();
        }
    }

    @Test
    void queued_message_carries_the_remaining_expiry_interval_and_an_expired_one_is_dropped_and_counted()
            throws Exception {
        RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "exp-offline",
                props().sessionExpiry(600));
        sub.send(MqttBytes.subscribe(1, props().bytes(), "exp/#", 1));
        sub.expect(Packet.SUBACK);
        sub.send(MqttBytes.disconnect());
        sub.awaitClosed();

        publisher.publish("exp/short", expiring("short", 10));
        publisher.publish("exp/long", expiring("long", 60));
        clock.advance(Duration.ofSeconds(25));
        long expiredBefore = server.broker().metrics().droppedCount(DropReason.EXPIRED);

        try (RawMqttConnection back = RawMqttConnection.open(server.port(), true)) {
            back.send(MqttBytes.connect(MqttBytes.V5, "exp-offline").cleanStart(false)
                    .properties(props().sessionExpiry(600)).bytes());
            Packet connack = back.expect(Packet.CONNACK);
            assertThat(connack.sessionPresent()).isTrue();
            Packet p = back.expect(Packet.PUBLISH);
            assertThat(p.payloadString()).as("the 10 s message expired while queued").isEqualTo("long");
            assertThat(p.properties().number(PropertyIds.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(35);
            back.send(MqttBytes.puback(p.packetId()));
        }
        assertThat(server.broker().metrics().droppedCount(DropReason.EXPIRED)).isEqualTo(expiredBefore + 1);
    }

    @Test
    void retained_message_is_sent_with_its_remaining_expiry_and_not_at_all_once_expired() throws Exception {
        MqttMessage m = expiring("state", 20);
        m.setRetained(true);
        publisher.publish("exp/retained", m);
        clock.advance(Duration.ofSeconds(5));
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "exp-retained", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "exp/retained", 1));
            sub.expect(Packet.SUBACK);
            Packet p = sub.expect(Packet.PUBLISH);
            assertThat(p.retain()).isTrue();
            assertThat(p.properties().number(PropertyIds.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(15);
        }
        clock.advance(Duration.ofSeconds(15));
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "exp-retained-late", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "exp/#", 1));
            sub.expect(Packet.SUBACK);
            publisher.publish("exp/live", new MqttMessage("live".getBytes(StandardCharsets.UTF_8)));
            Packet p = sub.expect(Packet.PUBLISH);
            assertThat(p.payloadString()).as("the expired retained message is gone").isEqualTo("live");
        }
    }

    private static MqttMessage expiring(String payload, long seconds) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setMessageExpiryInterval(seconds);
        m.setProperties(p);
        return m;
    }

    private Mqtt5BlockingClient hivemq(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(server.port()).buildBlocking();
        c.connect();
        return c;
    }
}
