package dev.estuary.adapter.lorawan.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeduplicatorTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void same_key_within_the_window_is_a_duplicate_and_after_it_new_again() {
        Deduplicator d = new Deduplicator(Duration.ofSeconds(10), 100, clock);
        assertThat(d.firstSeen("a/1")).isTrue();
        assertThat(d.firstSeen("a/1")).isFalse();
        assertThat(d.firstSeen("a/2")).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(d.firstSeen("a/1")).isTrue();
        assertThat(d.size()).isEqualTo(1);
    }

    @Test
    void oldest_entries_are_forgotten_beyond_the_bound() {
        Deduplicator d = new Deduplicator(Duration.ofSeconds(10), 2, clock);
        d.firstSeen("1");
        d.firstSeen("2");
        d.firstSeen("3");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.firstSeen("1")).isTrue();
        assertThat(d.firstSeen("3")).isFalse();
    }

    @Test
    void forgotten_key_is_new_again() {
        Deduplicator d = new Deduplicator(Duration.ofSeconds(10), 10, clock);
        d.firstSeen("x");
        d.forget("x");
        assertThat(d.firstSeen("x")).isTrue();
    }
}
