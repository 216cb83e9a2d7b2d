package dev.estuary.core.limits;

/**
 * A token bucket: {@code rate} tokens per second, holding at most {@code capacity}. Taking may drive the balance
 * below zero (the caller already received what it is paying for); the answer is then how long to wait until the
 * balance is back at zero, which is what a reader that pauses uses. Time is passed in (nanoseconds from any fixed
 * origin) so the bucket can be tested without waiting. Not thread-safe: each bucket belongs to one thread (a
 * channel's event loop).
 */
public final class TokenBucket {
    private static final double NANOS = 1_000_000_000d;

    private final double rate;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    /** A full bucket. */
    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || !(capacity > 0)) {
            throw new IllegalArgumentException("rate and capacity must be positive: " + ratePerSecond + ", "
                    + capacity);
        }
        this.rate = ratePerSecond;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / NANOS * rate);
            lastNanos = nowNanos;
        }
    }

    /**
     * Takes {@code n} tokens, going into debt if needed.
     *
     * @return nanoseconds until the balance is no longer negative; 0 when it is not negative now
     */
    public long take(double n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * NANOS);
    }

    /** Takes {@code n} tokens only if the bucket holds them. */
    public boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Nanoseconds until {@code n} tokens are available (0 when they are now). */
    public long nanosUntil(double n, long nowNanos) {
        refill(nowNanos);
        return tokens >= n ? 0 : (long) Math.ceil((n - tokens) / rate * NANOS);
    }

    /** The balance now (negative while in debt). */
    public double tokens(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }
}
