package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttBytes.PropertyIds;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What CONNECT and CONNACK negotiate in MQTT 5 (MQTT 5.0 §3.1.2.11, §3.2.2.3): server keep alive (advertised and
 * enforced), assigned client identifier, request/response information, capabilities the configuration turns off
 * (maximum QoS, retain available), and enhanced authentication, which is not supported (CONNACK 0x8C; an AUTH
 * packet is a protocol error).
 */
@Timeout(30)
class ConnectPropertiesTest {
    private MqttTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void server_keep_alive_replaces_the_clients_and_is_enforced() throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().serverKeepalive(1).build()).start();
        Mqtt5BlockingClient hivemq = MqttClient.builder().useMqttVersion5().identifier("ka-hivemq")
                .serverHost("127.0.0.1").serverPort(server.port()).buildBlocking();
        Mqtt5ConnAck connack = hivemq.connectWith().keepAlive(60).send();
        assertThat(connack.getServerKeepAlive()).hasValue(1);
        hivemq.disconnect();

        try (RawMqttConnection silent = RawMqttConnection.open(server.port(), true)) {
            silent.send(MqttBytes.connect(MqttBytes.V5, "ka-silent").keepAlive(60).bytes());
            Packet ack = silent.expect(Packet.CONNACK);
            assertThat(ack.properties().number(PropertyIds.SERVER_KEEP_ALIVE)).isEqualTo(1);
            // the client sends nothing: after 1.5 x 1 s (not 1.5 x 60 s) it is disconnected
            List<Packet> last = silent.awaitClosed(Duration.ofSeconds(5));
            assertThat(last).hasSize(1);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.KEEP_ALIVE_TIMEOUT);
        }
    }

    @Test
    void no_server_keep_alive_property_when_it_is_not_configured() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "ka-none", props())) {
            assertThat(c.connack().properties().has(PropertyIds.SERVER_KEEP_ALIVE)).isFalse();
        }
    }

    @Test
    void empty_client_id_gets_an_assigned_client_identifier_that_names_the_session() throws Exception {
        server = MqttTestServer.start();
        Mqtt5BlockingClient hivemq = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(server.port()).buildBlocking(); // no identifier: asks the server for one
        Mqtt5ConnAck connack = hivemq.connect();
        try {
            String assigned = connack.getAssignedClientIdentifier().orElseThrow().toString();
            assertThat(assigned).isNotBlank();
            assertThat(server.broker().sessions().get(assigned)).isNotNull();
        } finally {
            hivemq.disconnect();
        }

        org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), "", new MemoryPersistence());
        IMqttToken token = paho.connectWithResult(new MqttConnectionOptions());
        try {
            assertThat(token.getResponseProperties().getAssignedClientIdentifier()).isNotBlank();
        } finally {
            paho.disconnect();
            paho.close();
        }
    }

    @Test
    void client_that_sends_an_id_gets_no_assigned_client_identifier() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "has-an-id", props())) {
            assertThat(c.connack().properties().has(PropertyIds.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
        }
    }

    @Test
    void response_information_is_returned_only_to_clients_that_request_it() throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().responseInformation("reply/")
                .build()).start();
        org.eclipse.paho.mqttv5.client.MqttClient paho = new org.eclipse.paho.mqttv5.client.MqttClient(
                server.uri(), "asks-for-it", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setRequestResponseInfo(true);
        IMqttToken token = paho.connectWithResult(options);
        try {
            assertThat(token.getResponseProperties().getResponseInfo()).isEqualTo("reply/asks-for-it");
        } finally {
            paho.disconnect();
            paho.close();
        }
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "does-not-ask", props())) {
            assertThat(c.connack().properties().has(PropertyIds.RESPONSE_INFORMATION)).isFalse();
        }
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "asks-with-0",
                props().byteProp(PropertyIds.REQUEST_RESPONSE_INFORMATION, 0))) {
            assertThat(c.connack().properties().has(PropertyIds.RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    void no_response_information_when_none_is_configured() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "asks-in-vain",
                props().byteProp(PropertyIds.REQUEST_RESPONSE_INFORMATION, 1))) {
            assertThat(c.connack().properties().has(PropertyIds.RESPONSE_INFORMATION)).isFalse();
        }
    }

    @Test
    void maximum_qos_and_retain_unavailable_are_advertised_and_enforced() throws Exception {
        server = MqttTestServer.builder().mqtt(MqttConfigOverrides.defaults().maxQosAllowed(1)
                .retainAvailable(false).build()).start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "caps", props())) {
            assertThat(c.connack().properties().number(PropertyIds.MAXIMUM_QOS)).isEqualTo(1);
            assertThat(c.connack().properties().number(PropertyIds.RETAIN_AVAILABLE)).isZero();
            c.send(MqttBytes.subscribe(1, props().bytes(), "caps/#", 2));
            assertThat(c.expect(Packet.SUBACK).reasonCodes()).as("granted QoS capped").containsExactly(1);
            c.send(MqttBytes.publish(2, false, "caps/a", 1, props().bytes(), new byte[1]));
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.QOS_NOT_SUPPORTED);
        }
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "caps-retain", props())) {
            c.send(MqttBytes.publish(0, true, "caps/a", 0, props().bytes(), new byte[1]));
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.RETAIN_NOT_SUPPORTED);
        }
    }

    @Test
    void enhanced_authentication_method_is_refused_with_connack_0x8C() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.open(server.port(), true)) {
            c.send(MqttBytes.connect(MqttBytes.V5, "scram-client").properties(props()
                    .string(PropertyIds.AUTHENTICATION_METHOD, "SCRAM-SHA-256")
                    .binaryProp(PropertyIds.AUTHENTICATION_DATA, "n,,n=user,r=nonce".getBytes(StandardCharsets.UTF_8)))
                    .bytes());
            List<Packet> got = c.awaitClosed();
            assertThat(got).hasSize(1);
            Packet connack = got.get(0);
            assertThat(connack.type()).isEqualTo(Packet.CONNACK);
            assertThat(connack.reasonCode()).isEqualTo(ReasonCodes.BAD_AUTHENTICATION_METHOD);
            assertThat(connack.properties().string(PropertyIds.REASON_STRING)).contains("SCRAM-SHA-256");
        }
        assertThat(server.broker().sessions().get("scram-client")).isNull();
    }

    @Test
    void auth_packet_after_connect_is_a_protocol_error() throws Exception {
        server = MqttTestServer.start();
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "sends-auth", props())) {
            c.send(MqttBytes.packet(0xF0, MqttBytes.concat(MqttBytes.bytes(0x19), props() // re-authenticate
                    .string(PropertyIds.AUTHENTICATION_METHOD, "SCRAM-SHA-256").bytes())));
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(ReasonCodes.PROTOCOL_ERROR);
        }
    }
}
