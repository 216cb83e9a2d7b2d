package dev.estuary.adapter.mqtt.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker clock that stands still until a test moves it, so message-expiry arithmetic can be asserted exactly
 * ({@code MqttTestServer.builder().clock(clock)}). Timers scheduled on event loops still run in real time; only
 * what the broker reads from its clock (message deadlines, remaining intervals) is affected.
 */
public final class AdjustableClock extends Clock {
    private final AtomicLong millis;

    public AdjustableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public static AdjustableClock atEpochSecond(long seconds) {
        return new AdjustableClock(Instant.ofEpochSecond(seconds));
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
