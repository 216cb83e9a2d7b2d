package dev.estuary.adapter.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.tools.simulator.LoadRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's load mode against the adapter: uplinks through the framing into an MQTT subscriber. At a modest
 * fixed rate every uplink must arrive; the figure for the documentation comes from {@link LoadBenchmark}.
 */
@Timeout(60)
class LoadModeTest {

    @Test
    void load_mode_counts_uplinks_through_the_framing_into_an_mqtt_subscriber() throws Exception {
        try (TcpTestGateway gateway = TcpTestGateway.builder().start()) {
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            LoadRun.Result r = new LoadRun(new LoadRun.Settings("127.0.0.1", gateway.port(), 2, 2000, 16,
                    Duration.ofSeconds(2), gateway.mqtt().uri(), false, Duration.ZERO),
                    new PrintStream(report, true, StandardCharsets.UTF_8)).run();
            assertThat(r.sent()).isGreaterThan(1000);
            assertThat(r.received()).as(r.summary()).isEqualTo(r.sent());
            assertThat(report.toString(StandardCharsets.UTF_8)).contains("sent").contains("received");
        }
    }
}
