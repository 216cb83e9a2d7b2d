package dev.estuary.adapter.lorawan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeps the load mode working: a small run must accept and deliver every uplink. */
@Timeout(60)
class HttpUplinkBenchmarkTest {
    @Test
    void small_load_run_accepts_and_delivers_every_uplink() throws Exception {
        HttpUplinkBenchmark.Result r = HttpUplinkBenchmark.run(600, 50, 8);
        assertThat(r.accepted()).isEqualTo(600);
        assertThat(r.delivered()).isEqualTo(600);
        assertThat(r.acceptedPerSecond()).isPositive();
    }
}
