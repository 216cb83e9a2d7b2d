package dev.estuary.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_full_bucket_allows_its_capacity_at_once_then_the_rate() {
        TokenBucket b = new TokenBucket(10, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryTake(1, 0)).isTrue();
        }
        assertThat(b.tryTake(1, 0)).isFalse();
        assertThat(b.tryTake(1, SECOND / 10)).isTrue();
        assertThat(b.tryTake(1, SECOND / 10)).isFalse();
    }

    @Test
    void debt_says_how_long_to_wait() {
        TokenBucket b = new TokenBucket(100, 100, 0);
        assertThat(b.take(100, 0)).isZero();
        assertThat(b.take(50, 0)).isEqualTo(SECOND / 2);
        assertThat(b.tokens(SECOND / 2)).isEqualTo(0.0);
        assertThat(b.take(1, SECOND / 2)).isEqualTo(SECOND / 100);
    }

    @Test
    void refill_stops_at_the_capacity() {
        TokenBucket b = new TokenBucket(1, 5, 0);
        b.take(5, 0);
        assertThat(b.tokens(100 * SECOND)).isEqualTo(5.0);
        assertThat(b.nanosUntil(6, 100 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void rate_and_capacity_must_be_positive() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
