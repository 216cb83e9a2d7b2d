package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link CoapPublishBench} when asked ({@code -Dbench=true}); not part of the normal build. */
@Timeout(180)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class CoapPublishBenchIT {
    @Test
    void coap_publishes_into_mqtt_subscribers(@TempDir Path dir) throws Exception {
        CoapPublishBench.Result r = CoapPublishBench.run(dir, Integer.getInteger("bench.senders", 4),
                Integer.getInteger("bench.devices", 100), Integer.getInteger("bench.window", 64),
                Integer.getInteger("bench.seconds", 10));
        System.out.println("BENCH " + r);
        assertThat(r.delivered()).isPositive();
    }
}
