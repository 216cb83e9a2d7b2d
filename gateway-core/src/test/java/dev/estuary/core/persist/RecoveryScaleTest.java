package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.testing.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecoveryBench} at a tenth of its size: everything built comes back, from the log and then from the
 * snapshot, with the same counts and no loss. (The timings for the docs come from the full-size run.)
 */
@Timeout(120)
class RecoveryScaleTest {
    @TempDir
    Path dir;

    @Test
    void ten_thousand_retained_and_a_thousand_sessions_come_back_from_the_log_and_from_the_snapshot()
            throws Exception {
        ManualClock clock = new ManualClock();
        RecoveryBench.build(dir, clock, 10_000, 1_000, 5);
        for (int i = 0; i < 2; i++) {
            RecoveryBench.Start s = RecoveryBench.measure(dir, clock);
            assertThat(s.report().lostData()).isFalse();
            assertThat(s.report().retained()).isEqualTo(10_000);
            assertThat(s.report().sessions()).isEqualTo(1_000);
            assertThat(s.report().queued()).isEqualTo(5_000);
            assertThat(s.broker().retained().size()).isEqualTo(10_000);
            assertThat(s.broker().sessions().size()).isEqualTo(1_000);
            assertThat(s.broker().sessions().get("client-7").queuedCount()).isEqualTo(5);
            assertThat(s.broker().router().index().size()).isEqualTo(2_000);
            RecoveryBench.stop(s.broker());
        }
    }
}
