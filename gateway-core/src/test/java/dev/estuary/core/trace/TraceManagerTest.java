package dev.estuary.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.config.ByteSize;
import dev.estuary.core.config.TraceConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.session.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class TraceManagerTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private TraceManager traces;

    private TraceManager traces(TraceConfig config) {
        traces = new TraceManager(config, dir, Clock.systemUTC(), scheduler);
        return traces;
    }

    @AfterEach
    void close() {
        traces.close();
        scheduler.shutdownNow();
    }

    private static ClientInfo device(String id) {
        return new ClientInfo(id, null, null, "coap", 0, "coap", "coap", id.substring(5), 0, 0, false, false, null);
    }

    private List<String> lines(String name) throws Exception {
        traces.sync();
        return Files.readAllLines(dir.resolve(name + ".log"));
    }

    @Test
    void a_client_trace_writes_only_that_clients_lines_until_stopped() throws Exception {
        TraceManager t = traces(TraceConfig.DEFAULTS);
        t.start("t1", TraceType.CLIENTID, "c1", null);
        assertThat(t.active()).isTrue();
        t.clientLine("c1", "IN PINGREQ");
        t.clientLine("c2", "IN PINGREQ");
        t.clientLine("c1", "OUT PINGRESP");
        assertThat(t.stop("t1")).isTrue();
        t.clientLine("c1", "IN PINGREQ after stop");

        List<String> lines = lines("t1");
        assertThat(lines.get(0)).startsWith("# trace t1 of clientid c1 started at ");
        assertThat(lines.subList(1, lines.size() - 1)).hasSize(2).allMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\[c1] (IN PINGREQ|OUT PINGRESP)"));
        assertThat(lines.get(lines.size() - 1)).startsWith("# trace stopped at ");
        assertThat(t.get("t1").status()).isEqualTo("stopped");
        assertThat(t.active()).isFalse();
    }

    @Test
    void a_topic_trace_follows_device_messages_and_payloads_are_cut() throws Exception {
        TraceManager t = traces(new TraceConfig(null, null, ByteSize.of(4), null));
        t.start("temps", TraceType.TOPIC, "devices/+/+/up/#", null);
        t.messagePublished(device("coap:s1"), Message.builder("devices/coap/s1/up/t")
                .payload("21.5C".getBytes(StandardCharsets.UTF_8)).build());
        t.messagePublished(device("coap:s1"), Message.builder("other/topic").payload(new byte[] {1}).build());
        t.messagePublished(null, Message.builder("devices/coap/s1/up/raw").payload(new byte[] {0, (byte) 0xFF})
                .build());
        List<String> lines = lines("temps");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith("[coap:s1] MESSAGE published topic=devices/coap/s1/up/t qos=0 "
                + "retain=false payload_size=5 payload=\"21.5\" (cut)");
        assertThat(lines.get(2)).endsWith("[$broker] MESSAGE published topic=devices/coap/s1/up/raw qos=0 "
                + "retain=false payload_size=2 payload_hex=00ff");
    }

    @Test
    void a_client_trace_records_connects_and_disconnects_with_the_reason() throws Exception {
        TraceManager t = traces(TraceConfig.DEFAULTS);
        t.start("dev", TraceType.CLIENTID, "coap:s1", null);
        t.clientConnected(device("coap:s1"), false);
        t.clientDisconnected(device("coap:s1"), Disconnect.of(DisconnectReason.ADAPTER_CLOSED, -1, "idle"));
        assertThat(lines("dev").subList(1, 3)).satisfiesExactly(
                l -> assertThat(l).contains("[coap:s1] CONNECTED protocol=coap", "adapter=coap"),
                l -> assertThat(l).endsWith("[coap:s1] DISCONNECTED reason=adapter_closed detail=\"idle\""));
    }

    @Test
    void a_full_file_stops_the_trace_with_a_note() throws Exception {
        TraceManager t = traces(new TraceConfig(null, ByteSize.of(1024), null, null));
        t.start("big", TraceType.CLIENTID, "c1", null);
        for (int i = 0; i < 100; i++) {
            t.clientLine("c1", "IN PUBLISH " + "x".repeat(40));
        }
        List<String> lines = lines("big");
        assertThat(lines.get(lines.size() - 1)).startsWith("# trace file full (1024 bytes)");
        assertThat(Files.size(dir.resolve("big.log"))).isLessThan(1200);
        assertThat(t.get("big").status()).isEqualTo("full");
    }

    @Test
    void a_trace_with_a_duration_stops_by_itself() {
        TraceManager t = traces(TraceConfig.DEFAULTS);
        t.start("short", TraceType.CLIENTID, "c1", Duration.ofMillis(50));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> t.get("short").status().equals("stopped"));
        assertThat(t.active()).isFalse();
    }

    @Test
    void bad_requests_are_refused_with_a_reason() {
        TraceManager t = traces(new TraceConfig(null, null, null, 1));
        assertThatThrownBy(() -> t.start("../etc", TraceType.CLIENTID, "c", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace name");
        assertThatThrownBy(() -> t.start("x", TraceType.TOPIC, "a/#/b", null))
                .hasMessageContaining("invalid topic filter");
        t.start("one", TraceType.CLIENTID, "c", null);
        assertThatThrownBy(() -> t.start("one", TraceType.CLIENTID, "c", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> t.start("two", TraceType.CLIENTID, "c", null))
                .hasMessageContaining("trace.max_traces");
        assertThat(t.delete("one")).isTrue();
        assertThat(Files.exists(dir.resolve("one.log"))).isFalse();
        assertThat(t.delete("one")).isFalse();
    }
}
