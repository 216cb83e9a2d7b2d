package dev.estuary.adapter.mqtt.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.config.TraceConfig;
import dev.estuary.core.trace.TraceManager;
import dev.estuary.core.trace.TraceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Traces on real MQTT connections: a client trace holds exactly that client's packets; a topic trace its topic. */
@Timeout(30)
class PacketTraceTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private TraceManager traces;
    private MqttTestServer server;

    @BeforeEach
    void start() {
        traces = new TraceManager(TraceConfig.DEFAULTS, dir, Clock.systemUTC(), scheduler);
        server = MqttTestServer.builder().websocket(false).packetTrace(traces).start();
        server.broker().hooks().register(traces);
    }

    @AfterEach
    void stop() {
        server.close();
        traces.close();
        scheduler.shutdownNow();
    }

    private MqttClient client(String id, AtomicInteger received) throws Exception {
        MqttClient c = new MqttClient(server.uri(), id, new MemoryPersistence());
        c.connect();
        c.subscribe("t/#", 1, (topic, m) -> received.incrementAndGet());
        return c;
    }

    /** The packet lines of a trace file (comments dropped), with the timestamp cut off. */
    private List<String> lines(String name) throws Exception {
        traces.sync();
        return Files.readAllLines(dir.resolve(name + ".log")).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    @Test
    void a_client_trace_holds_exactly_that_clients_packets() throws Exception {
        traces.start("c1", TraceType.CLIENTID, "c1", null);
        AtomicInteger r1 = new AtomicInteger();
        AtomicInteger r2 = new AtomicInteger();
        MqttClient c1 = client("c1", r1);
        MqttClient c2 = client("c2", r2);
        c1.publish("t/from-c1", "one".getBytes(StandardCharsets.UTF_8), 1, false);
        c2.publish("t/from-c2", "two".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> r1.get() == 2 && r2.get() == 2);
        c2.disconnect();
        c1.disconnect();
        c1.close();
        c2.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.broker().metrics().connections() == 0);
        traces.stop("c1");

        List<String> lines = lines("c1");
        assertThat(lines).allMatch(l -> l.startsWith("[c1] "));
        List<String> kinds = lines.stream().map(l -> l.split(" ")[1] + " " + l.split(" ")[2]).toList();
        assertThat(kinds).containsExactlyInAnyOrder("IN CONNECT", "CONNECTED protocol=mqtt", "OUT CONNACK",
                "IN SUBSCRIBE", "OUT SUBACK",
                "IN PUBLISH", "OUT PUBACK", "OUT PUBLISH", "IN PUBACK", // its own message, and back to it
                "OUT PUBLISH", "IN PUBACK",                                // c2's message
                "IN DISCONNECT", "DISCONNECTED reason=normal");
        assertThat(lines).contains("[c1] IN PUBLISH topic=t/from-c1 qos=1 retain=false dup=false packet_id=2 "
                + "payload_size=3 payload=\"one\"");
        assertThat(lines).anyMatch(l -> l.startsWith("[c1] OUT PUBLISH topic=t/from-c2 qos=1")
                && l.endsWith("payload=\"two\""));
        assertThat(lines).noneMatch(l -> l.contains("from-c2") && l.contains(" IN PUBLISH"));
    }

    @Test
    void a_topic_trace_holds_the_messages_of_its_topic_in_and_out() throws Exception {
        traces.start("tb", TraceType.TOPIC, "t/b", null);
        AtomicInteger r1 = new AtomicInteger();
        AtomicInteger r2 = new AtomicInteger();
        MqttClient c1 = client("c1", r1);
        MqttClient c2 = client("c2", r2);
        c1.publish("t/a", "a".getBytes(StandardCharsets.UTF_8), 0, false);
        c1.publish("t/b", "b".getBytes(StandardCharsets.UTF_8), 0, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> r1.get() == 2 && r2.get() == 2);
        c1.disconnect();
        c2.disconnect();
        c1.close();
        c2.close();

        List<String> lines = lines("tb");
        assertThat(lines).containsExactlyInAnyOrder(
                "[c1] IN PUBLISH topic=t/b qos=0 retain=false dup=false payload_size=1 payload=\"b\"",
                "[c1] OUT PUBLISH topic=t/b qos=0 retain=false dup=false payload_size=1 payload=\"b\"",
                "[c2] OUT PUBLISH topic=t/b qos=0 retain=false dup=false payload_size=1 payload=\"b\"");
    }
}
