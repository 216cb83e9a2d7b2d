package dev.estuary.core.testing;

import dev.estuary.core.session.Lane;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A broker clock that only moves when a test says so, and the timer wheel of the {@link ManualLane}s that use it:
 * {@link #advance} moves time forward and runs every timer that falls due, in deadline order, on its lane.
 * Confined to the test thread.
 */
public final class ManualClock extends Clock {
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long millis;
    private long seq;

    public ManualClock(long startMillis) {
        this.millis = startMillis;
    }

    public ManualClock() {
        this(1_700_000_000_000L);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Moves time forward by {@code d}, running the timers that fall due on the way. */
    public void advance(Duration d) {
        long target = millis + d.toMillis();
        while (true) {
            Timer t = timers.peek();
            if (t == null || t.deadline > target) {
                break;
            }
            timers.poll();
            if (t.cancelled) {
                continue;
            }
            millis = Math.max(millis, t.deadline);
            t.done = true;
            t.lane.execute(t.task);
        }
        millis = target;
    }

    public void advanceSeconds(long s) {
        advance(Duration.ofSeconds(s));
    }

    /** Timers scheduled and neither cancelled nor run. */
    public int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.cancelled).count();
    }

    ScheduledFuture<?> schedule(Lane lane, Runnable task, long delay, TimeUnit unit) {
        long d = unit.toMillis(delay);
        long deadline = d > Long.MAX_VALUE - millis ? Long.MAX_VALUE : millis + d;
        Timer t = new Timer(lane, task, deadline, seq++);
        timers.add(t);
        return t;
    }

    private final class Timer implements ScheduledFuture<Object> {
        final Lane lane;
        final Runnable task;
        final long deadline;
        final long order;
        boolean cancelled;
        boolean done;

        Timer(Lane lane, Runnable task, long deadline, long order) {
            this.lane = lane;
            this.task = task;
            this.deadline = deadline;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(deadline - millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Timer other = (Timer) o;
            int c = Long.compare(deadline, other.deadline);
            return c != 0 ? c : Long.compare(order, other.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("manual timers are not waited on");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("manual timers are not waited on");
        }
    }
}
