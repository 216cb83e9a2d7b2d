package dev.estuary.adapter.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.tools.simulator.DemoRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's demo mode ("N devices, a reading every S") against the adapter, watched by a Paho MQTT 5
 * application: every device comes online and sends its readings, a downlink is printed and acknowledged with
 * "done", and at the end each device says goodbye and every reading it counted arrived.
 */
@Timeout(60)
class DemoModeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A message the application received. */
    private record Got(String topic, String text, String correlation) {
    }

    @Test
    void demo_devices_send_readings_acknowledge_downlinks_and_say_goodbye_at_the_end() throws Exception {
        List<Got> got = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (TcpTestGateway gateway = TcpTestGateway.builder().start()) {
            MqttClient app = new MqttClient(gateway.mqtt().uri(), "demo-app", new MemoryPersistence());
            try {
                app.connect(new MqttConnectionOptions());
                IMqttMessageListener l = (topic, m) -> got.add(new Got(topic, new String(m.getPayload(),
                        StandardCharsets.UTF_8), m.getProperties() == null || m.getProperties().getCorrelationData()
                        == null ? null : new String(m.getProperties().getCorrelationData(), StandardCharsets.UTF_8)));
                app.subscribe(new MqttSubscription[] {new MqttSubscription("devices/tcp/#", 1),
                    new MqttSubscription("app/replies", 1)}, new IMqttMessageListener[] {l, l});

                DemoRun demo = new DemoRun(new String[] {"--port", String.valueOf(gateway.port()), "--devices", "3",
                    "--interval", "200ms", "--prefix", "demo-", "--duration", "3s"}, out);
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                    try {
                        demo.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

                for (String id : List.of("demo-1", "demo-2", "demo-3")) {
                    await().atMost(WAIT).until(() -> got.stream().anyMatch(g -> g.topic().equals(
                            "devices/tcp/" + id + "/status") && g.text().contains("online")));
                    await().atMost(WAIT).until(() -> got.stream().filter(g -> g.topic().equals(
                            "devices/tcp/" + id + "/up/telemetry")).count() >= 2);
                }
                assertThat(got.stream().filter(g -> g.topic().endsWith("/up/telemetry")).map(Got::text))
                        .allMatch(t -> t.matches("\\{\"seq\":\\d+,\"temperature\":\\d+\\.\\d{2}}"));

                MqttMessage down = new MqttMessage("valve open".getBytes(StandardCharsets.UTF_8));
                MqttProperties p = new MqttProperties();
                p.setResponseTopic("app/replies");
                p.setCorrelationData("demo-corr".getBytes(StandardCharsets.UTF_8));
                p.setContentType("text/plain");
                down.setProperties(p);
                down.setQos(1);
                app.publish("devices/tcp/demo-2/down/valve", down);
                await().atMost(WAIT).until(() -> got.stream().anyMatch(g -> g.topic().equals("app/replies")));
                Got reply = got.stream().filter(g -> g.topic().equals("app/replies")).findFirst().orElseThrow();
                assertThat(reply.correlation()).isEqualTo("demo-corr");
                assertThat(reply.text()).matches("\\{\"ok\":true,\"messageId\":\\d+,\"result\":\"done\"}");
                assertThat(printed.toString(StandardCharsets.UTF_8))
                        .containsPattern("demo-2: downlink \\d+ on 'valve': valve open");

                run.get(15, TimeUnit.SECONDS); // the demo ends by itself after --duration
                String output = printed.toString(StandardCharsets.UTF_8);
                assertThat(output).contains("3 devices online on 127.0.0.1:" + gateway.port());
                Matcher sent = Pattern.compile("sent (\\d+) readings").matcher(output);
                assertThat(sent.find()).as(output).isTrue();
                long readings = Long.parseLong(sent.group(1));
                assertThat(readings).isGreaterThanOrEqualTo(6);
                await().atMost(WAIT).until(() -> got.stream().filter(g -> g.topic().endsWith("/up/telemetry"))
                        .count() == readings);
                for (String id : List.of("demo-1", "demo-2", "demo-3")) {
                    await().atMost(WAIT).until(() -> got.stream().anyMatch(g -> g.topic().equals(
                            "devices/tcp/" + id + "/status") && g.text().contains("offline")
                            && g.text().contains("simulator stopping")));
                }
            } finally {
                if (app.isConnected()) {
                    app.disconnect();
                }
                app.close();
            }
        }
    }
}
