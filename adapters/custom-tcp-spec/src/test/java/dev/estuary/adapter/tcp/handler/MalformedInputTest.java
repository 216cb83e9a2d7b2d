package dev.estuary.adapter.tcp.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.tcp.codec.ErrorCode;
import dev.estuary.adapter.tcp.testing.LogCapture;
import dev.estuary.adapter.tcp.testing.Subscriber;
import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.tools.simulator.SpecDevice;
import dev.estuary.tools.simulator.SpecFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken input over real sockets (spec §8): each case ends only the offending connection, with the
 * documented ERROR frame and one log line, while a device connected beforehand keeps working.
 */
@Timeout(60)
class MalformedInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger UPLINK_IDS = new AtomicInteger(1);

    private static TcpTestGateway gateway;
    private static Subscriber app;
    private static SpecDevice healthy;

    @BeforeAll
    static void start() throws Exception {
        gateway = TcpTestGateway.builder().set("frame_timeout", "500ms").start();
        app = new Subscriber(gateway.mqtt().uri(), "app", "devices/tcp/healthy/up/#");
        healthy = gateway.online("healthy");
    }

    @AfterAll
    static void stop() throws Exception {
        healthy.close();
        app.close();
        gateway.close();
    }

    /** What a misbehaving device does. */
    @FunctionalInterface
    interface Attack {
        void run(SpecDevice d) throws Exception;
    }

    static byte[] hello() {
        return SpecFrames.encode(SpecFrames.HELLO, 0, SpecFrames.hello(60, 0, "attacker", null, null), true);
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("bad magic (an HTTP request)", (Attack) d -> d.writeRaw(
                        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), ErrorCode.BAD_MAGIC),
                Arguments.of("truncated frame", (Attack) d -> d.writeRaw(Arrays.copyOf(hello(), 10)),
                        ErrorCode.FRAME_TIMEOUT),
                Arguments.of("length beyond the maximum", (Attack) d -> d.writeRaw(new byte[] {
                    0x45, 0x53, 1, 1, 0, (byte) 0xF0, (byte) 0xA2, 0x04}), ErrorCode.FRAME_TOO_LARGE),
                Arguments.of("length beyond the maximum after hello", (Attack) d -> {
                    d.hello("big", null, null, 60, WAIT);
                    d.writeRaw(new byte[] {0x45, 0x53, 1, 3, 0, (byte) 0x80, (byte) 0x80, 0x04});
                }, ErrorCode.FRAME_TOO_LARGE),
                Arguments.of("CRC mismatch", (Attack) d -> {
                    byte[] h = hello();
                    h[h.length - 1] ^= 0x55;
                    d.writeRaw(h);
                }, ErrorCode.CRC_MISMATCH),
                Arguments.of("unknown type", (Attack) d -> d.writeRaw(new byte[] {0x45, 0x53, 1, 0x0B, 0, 0}),
                        ErrorCode.UNKNOWN_TYPE),
                Arguments.of("reserved flag", (Attack) d -> d.writeRaw(new byte[] {0x45, 0x53, 1, 7, 0x10, 0}),
                        ErrorCode.RESERVED_FLAGS),
                Arguments.of("malformed body", (Attack) d -> d.writeRaw(new byte[] {0x45, 0x53, 1, 1, 0, 2, 0, 0}),
                        ErrorCode.MALFORMED_BODY),
                Arguments.of("data before hello", (Attack) d -> d.uplink(0, SpecFrames.TEXT, "x",
                        "early".getBytes(StandardCharsets.UTF_8)), ErrorCode.PROTOCOL_VIOLATION),
                Arguments.of("a second hello", (Attack) d -> {
                    d.hello("twice", null, null, 60, WAIT);
                    d.sendHello("twice", null, null, 60);
                }, ErrorCode.PROTOCOL_VIOLATION),
                Arguments.of("a gateway-only frame from the device", (Attack) d -> {
                    d.hello("pong", null, null, 60, WAIT);
                    d.send(SpecFrames.PONG, 0, new byte[0]);
                }, ErrorCode.PROTOCOL_VIOLATION),
                Arguments.of("slowloris: a byte every 100 ms", (Attack) MalformedInputTest::trickle,
                        ErrorCode.FRAME_TIMEOUT));
    }

    /** Sends a HELLO one byte at a time, far slower than the frame timeout allows, until the gateway hangs up. */
    static void trickle(SpecDevice d) {
        Thread t = new Thread(() -> {
            byte[] h = hello();
            try {
                for (int i = 0; ; i = (i + 1) % h.length) {
                    d.writeRaw(new byte[] {h[i]});
                    Thread.sleep(100); // the point of this peer is to be slow
                }
            } catch (IOException | InterruptedException e) {
                // the gateway closed the connection (or the test ended)
            }
        }, "slowloris");
        t.setDaemon(true);
        t.start();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void each_attack_ends_only_its_connection_with_the_documented_error_and_one_log_line(String name, Attack attack,
                                                                                          ErrorCode code)
            throws Exception {
        long errorsBefore = protocolErrors();
        try (LogCapture log = new LogCapture(DeviceConnection.class); SpecDevice attacker = gateway.connect(false)) {
            attack.run(attacker);

            SpecFrames.Frame error = attacker.receive(WAIT);
            assertThat(error).as("an ERROR frame").isNotNull();
            assertThat(error.type()).isEqualTo(SpecFrames.ERROR);
            assertThat(error.u8(0)).as("error code").isEqualTo(code.code());
            assertThat(error.restText(1)).contains("§");
            assertThat(attacker.closedByGateway(WAIT)).as("closed").isTrue();

            String peer = ":" + attacker.localPort() + " ";
            await().atMost(WAIT).until(() -> !lines(log, peer).isEmpty());
            assertThat(lines(log, peer)).hasSize(1).first().asString().contains("ERROR " + code);
        }
        assertThat(protocolErrors()).isEqualTo(errorsBefore + 1);
        int id = UPLINK_IDS.getAndIncrement();
        healthy.uplink(id, SpecFrames.TEXT, "still", ("alive " + id).getBytes(StandardCharsets.UTF_8));
        SpecFrames.Frame ack = healthy.receive(WAIT);
        assertThat(ack.type()).isEqualTo(SpecFrames.ACK);
        assertThat(ack.u16(0)).isEqualTo(id);
        assertThat(app.await(r -> r.text().equals("alive " + id), WAIT)).isNotNull();
    }

    private static long protocolErrors() {
        return gateway.adapters().metrics().value("estuary_adapter_tcp_protocol_errors_total");
    }

    private static List<String> lines(LogCapture log, String peer) {
        return log.infoLinesContaining(peer);
    }
}
