package dev.estuary.adapter.mqtt.protocol;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.binary;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.bytes;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.concat;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.packet;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static dev.estuary.adapter.mqtt.testing.MqttBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ch.qos.logback.classic.Level;
import dev.estuary.adapter.mqtt.testing.BystanderClient;
import dev.estuary.adapter.mqtt.testing.CapturedLogs;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.ReasonCodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken input over real sockets (the raw-bytes client), after the manner of Mosquitto's
 * {@code test/broker/01-bad-initial-packets.py} and Vert.x's {@code MqttServerBadClientTest}. Every case must:
 * close only the offending connection (MQTT 5: after DISCONNECT with the reason code of MQTT 5.0 §4.13 /
 * §2.4 where a CONNACK has been sent; a CONNACK refusal during CONNECT; MQTT 3.1.1: just close), log exactly one
 * INFO-or-above line naming the peer and nothing at WARN or above, and leave an already-connected client
 * publishing and receiving as before.
 */
@Timeout(60)
class ProtocolErrorTest {
    /** Small enough that an oversize packet is cheap to send. */
    private static final int MAX_PACKET = 4096;

    private static MqttTestServer server;
    private static BystanderClient bystander;

    @BeforeAll
    static void start() {
        server = MqttTestServer.builder()
                .mqtt(MqttConfigOverrides.defaults().maxPacketSize(MAX_PACKET).build())
                .start();
        bystander = BystanderClient.connect(server.port(), "bystander");
    }

    @AfterAll
    static void stop() {
        if (bystander != null) {
            bystander.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Packets that break the protocol after a successful CONNECT, as MQTT 5 and as MQTT 3.1.1 bytes. */
    static Stream<Arguments> violations_after_connect() {
        byte[] v5 = props().bytes();
        byte[] ok = "x".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                arguments("remaining length in five bytes",
                        bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), // PUBLISH, 5 length bytes (max is 4)
                        bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("SUBSCRIBE with reserved flags 0000",
                        MqttBytes.subscribeFlags(0x80, 1, v5, "a/b", 1), // flags must be 0010
                        MqttBytes.subscribeFlags(0x80, 1, null, "a/b", 1),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("UNSUBSCRIBE with reserved flags 0011",
                        packet(0xA3, concat(bytes(0, 1), v5, utf8("a"))),
                        packet(0xA3, concat(bytes(0, 1), utf8("a"))),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("PUBLISH with QoS 3",
                        packet(0x36, concat(utf8("a/b"), bytes(0, 1), v5, ok)), // both QoS bits set
                        packet(0x36, concat(utf8("a/b"), bytes(0, 1), ok)),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("PINGREQ with a non-zero remaining length",
                        bytes(0xC0, 0x01, 0x00), bytes(0xC0, 0x01, 0x00),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("invalid UTF-8 in a topic",
                        MqttBytes.publishRawTopic(0, false, binary(bytes('a', 0xC3, 0x28)), 0, v5, ok),
                        MqttBytes.publishRawTopic(0, false, binary(bytes('a', 0xC3, 0x28)), 0, null, ok),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("U+0000 in a topic",
                        MqttBytes.publish(0, false, "a\u0000b", 0, v5, ok),
                        MqttBytes.publish(0, false, "a\u0000b", 0, null, ok),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("'+' wildcard in a PUBLISH topic",
                        MqttBytes.publish(1, false, "a/+/c", 7, v5, ok),
                        MqttBytes.publish(1, false, "a/+/c", 7, null, ok),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("'#' wildcard in a PUBLISH topic",
                        MqttBytes.publish(0, false, "a/#", 0, v5, ok),
                        MqttBytes.publish(0, false, "a/#", 0, null, ok),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("PUBLISH QoS 1 with packet identifier 0",
                        MqttBytes.publish(1, false, "a/b", 0, v5, ok),
                        MqttBytes.publish(1, false, "a/b", 0, null, ok),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("SUBSCRIBE without a topic filter",
                        packet(0x82, concat(bytes(0, 1), v5)),
                        packet(0x82, bytes(0, 1)),
                        ReasonCodes.PROTOCOL_ERROR),
                arguments("a second CONNECT",
                        MqttBytes.connect5("again"), MqttBytes.connect311("again"),
                        ReasonCodes.PROTOCOL_ERROR),
                arguments("a packet larger than max_packet_size",
                        MqttBytes.publish(0, false, "big", 0, v5, new byte[MAX_PACKET]),
                        MqttBytes.publish(0, false, "big", 0, null, new byte[MAX_PACKET]),
                        ReasonCodes.PACKET_TOO_LARGE),
                arguments("a packet announcing 200 MB",
                        bytes(0x30, 0x80, 0x80, 0x80, 0x64), bytes(0x30, 0x80, 0x80, 0x80, 0x64),
                        ReasonCodes.PACKET_TOO_LARGE),
                arguments("packet type 0 (reserved)",
                        bytes(0x00, 0x00), bytes(0x00, 0x00),
                        ReasonCodes.MALFORMED_PACKET),
                arguments("CONNACK from a client",
                        bytes(0x20, 0x03, 0x00, 0x00, 0x00), bytes(0x20, 0x02, 0x00, 0x00),
                        ReasonCodes.PROTOCOL_ERROR));
    }

    @ParameterizedTest(name = "MQTT 5: {0}")
    @MethodSource("violations_after_connect")
    void mqtt5_violation_gets_disconnect_with_reason_code_and_closes_only_that_connection(
            String name, byte[] v5Bytes, byte[] v3Bytes, int reasonCode) throws Exception {
        try (CapturedLogs logs = CapturedLogs.start();
             RawMqttConnection c = RawMqttConnection.connect5(server.port(), "offender-5", props())) {
            bystander.assertRoundTrip();
            c.send(v5Bytes);
            List<Packet> before = c.awaitClosed();
            assertThat(before).as("packets before close").hasSize(1);
            Packet disconnect = before.get(0);
            assertThat(disconnect.type()).isEqualTo(Packet.DISCONNECT);
            assertThat(disconnect.reasonCode()).as("DISCONNECT reason code")
                    .isEqualTo(reasonCode);
            assertThat(disconnect.properties().string(MqttBytes.PropertyIds.REASON_STRING))
                    .as("reason string").isNotBlank();
            assertOneLogLineFor(logs, c, ReasonCodes.describe(reasonCode));
            bystander.assertRoundTrip();
        }
    }

    @ParameterizedTest(name = "MQTT 3.1.1: {0}")
    @MethodSource("violations_after_connect")
    void mqtt311_violation_closes_only_that_connection_without_a_packet(
            String name, byte[] v5Bytes, byte[] v3Bytes, int reasonCode) throws Exception {
        try (CapturedLogs logs = CapturedLogs.start();
             RawMqttConnection c = RawMqttConnection.connect311(server.port(), "offender-3")) {
            bystander.assertRoundTrip();
            c.send(v3Bytes);
            assertThat(c.awaitClosed()).as("MQTT 3.1.1 has no DISCONNECT from the server").isEmpty();
            assertOneLogLineFor(logs, c, ReasonCodes.describe(reasonCode));
            bystander.assertRoundTrip();
        }
    }

    /** First packets that are not a valid CONNECT: the broker closes without answering (nothing was agreed). */
    static Stream<Arguments> bad_first_packets() {
        return Stream.of(
                arguments("PINGREQ before CONNECT", MqttBytes.pingreq()),
                arguments("PUBLISH before CONNECT", MqttBytes.publish(0, false, "a", 0, null, new byte[1])),
                arguments("SUBSCRIBE before CONNECT", MqttBytes.subscribe(1, null, "a", 0)),
                arguments("DISCONNECT before CONNECT", MqttBytes.disconnect()),
                arguments("an HTTP request on the MQTT port",
                        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                arguments("CONNECT with the reserved flag set (MQTT 3.1.1)",
                        MqttBytes.connect(MqttBytes.V311, "r").reservedBit(true).bytes()),
                arguments("CONNECT with the reserved flag set (MQTT 5)",
                        MqttBytes.connect(MqttBytes.V5, "r").reservedBit(true).bytes()),
                arguments("CONNECT with a malformed remaining length",
                        bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)),
                arguments("will QoS without the will flag (MQTT 3.1.1 §3.1.2.6)",
                        MqttBytes.connect(MqttBytes.V311, "wq").extraFlags(0x08).bytes()),
                arguments("will retain without the will flag (MQTT 3.1.1 §3.1.2.7)",
                        MqttBytes.connect(MqttBytes.V311, "wr").extraFlags(0x20).bytes()),
                arguments("password without user name (MQTT 3.1.1 §3.1.2.9)",
                        MqttBytes.connect(MqttBytes.V311, "p").password(new byte[] {1, 2}).bytes()),
                arguments("CONNECT with invalid UTF-8 in the client id",
                        packet(0x10, concat(utf8("MQTT"), bytes(4, 2, 0, 60), binary(bytes(0xC3, 0x28))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad_first_packets")
    void bad_first_packet_closes_the_connection_without_a_packet(String name, byte[] first) throws Exception {
        try (CapturedLogs logs = CapturedLogs.start();
             RawMqttConnection c = RawMqttConnection.open(server.port(), false)) {
            c.send(first);
            assertThat(c.awaitClosed()).as("packets before close").isEmpty();
            assertOneLogLineFor(logs, c, "");
            bystander.assertRoundTrip();
        }
    }

    /** MQTT 5 CONNECT violations: refused with a CONNACK reason code (MQTT 5.0 §3.2.2.2), then closed. */
    static Stream<Arguments> mqtt5_connect_violations() {
        return Stream.of(
                arguments("will QoS without the will flag",
                        MqttBytes.connect(MqttBytes.V5, "wq5").extraFlags(0x10).bytes(), ReasonCodes.PROTOCOL_ERROR),
                arguments("will retain without the will flag",
                        MqttBytes.connect(MqttBytes.V5, "wr5").extraFlags(0x20).bytes(), ReasonCodes.PROTOCOL_ERROR),
                arguments("Receive Maximum 0",
                        MqttBytes.connect(MqttBytes.V5, "rm0").properties(props().receiveMaximum(0)).bytes(),
                        ReasonCodes.PROTOCOL_ERROR),
                arguments("Maximum Packet Size 0",
                        MqttBytes.connect(MqttBytes.V5, "mps0").properties(props().maximumPacketSize(0)).bytes(),
                        ReasonCodes.PROTOCOL_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mqtt5_connect_violations")
    void mqtt5_connect_violation_is_refused_with_connack_and_closed(String name, byte[] connect, int code)
            throws Exception {
        try (CapturedLogs logs = CapturedLogs.start();
             RawMqttConnection c = RawMqttConnection.open(server.port(), true)) {
            c.send(connect);
            List<Packet> got = c.awaitClosed();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).type()).isEqualTo(Packet.CONNACK);
            assertThat(got.get(0).reasonCode()).isEqualTo(code);
            assertOneLogLineFor(logs, c, ReasonCodes.describe(code));
            bystander.assertRoundTrip();
        }
    }

    /**
     * Unsupported protocol levels: MQTT 3.1.1 §3.1.2.2 asks for CONNACK return code 0x01, MQTT 5.0 §3.1.2.2
     * allows CONNACK 0x84. A level above 5 comes from a client newer than us, so it gets the MQTT 5 form; older
     * or unknown levels get the MQTT 3 form that every client can read.
     */
    static Stream<Arguments> unsupported_protocol_levels() {
        return Stream.of(
                arguments("level 6", MqttBytes.connect(6, "future").bytes(), false, 0x84),
                arguments("level 2", MqttBytes.connect(2, "ancient").bytes(), true, 0x01),
                arguments("level 0", MqttBytes.connect(0, "zero").bytes(), true, 0x01),
                arguments("name MQIsdp with level 4",
                        MqttBytes.connect(4, "mismatch").protocolName("MQIsdp").bytes(), true, 0x01),
                arguments("name MQTX with level 4",
                        MqttBytes.connect(4, "unknown").protocolName("MQTX").bytes(), true, 0x01));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported_protocol_levels")
    void unsupported_protocol_level_is_refused_with_connack_and_closed(String name, byte[] connect,
                                                                      boolean v3Form, int code)
            throws Exception {
        try (CapturedLogs logs = CapturedLogs.start();
             RawMqttConnection c = RawMqttConnection.open(server.port(), !v3Form)) {
            c.send(connect);
            List<Packet> got = c.awaitClosed();
            assertThat(got).hasSize(1);
            Packet connack = got.get(0);
            assertThat(connack.type()).isEqualTo(Packet.CONNACK);
            assertThat(connack.reasonCode()).isEqualTo(code);
            // MQTT 3: exactly two bytes (flags, return code); MQTT 5 adds a property block
            assertThat(connack.body().length == 2).as("MQTT 3 CONNACK form").isEqualTo(v3Form);
            assertOneLogLineFor(logs, c, "unsupported protocol version");
            bystander.assertRoundTrip();
        }
    }

    private static void assertOneLogLineFor(CapturedLogs logs, RawMqttConnection c, String mentioning) {
        List<String> lines = logs.linesAtLeast(Level.INFO, c.localPeer());
        assertThat(lines).as("INFO+ log lines naming %s", c.localPeer()).hasSize(1);
        assertThat(lines.get(0)).contains(mentioning);
        assertThat(logs.warningsAndErrors()).as("nothing at WARN or above").isEmpty();
    }
}
