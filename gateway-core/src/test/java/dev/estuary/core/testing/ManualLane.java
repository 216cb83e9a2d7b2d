package dev.estuary.core.testing;

import dev.estuary.core.session.Lane;
import dev.estuary.core.session.LaneGroup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link Lane} for unit tests: tasks run on the test thread, in submission order, each to
 * completion before the next (a task submitted from inside a task runs after it, as on an event loop). Timers go
 * to the {@link ManualClock} and run when the test advances it. A paused lane only queues, so a test can
 * interleave two lanes by hand. A task that throws is recorded in {@link #failures()} and the lane carries on,
 * as Netty's event loop does.
 */
public final class ManualLane implements Lane {
    private final ManualClock clock;
    private final String name;
    private final Thread owner = Thread.currentThread();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<Throwable> failures = new ArrayList<>();
    private boolean running;
    private boolean paused;

    public ManualLane(ManualClock clock, String name) {
        this.clock = clock;
        this.name = name;
    }

    @Override
    public boolean inLane() {
        return Thread.currentThread() == owner;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("ManualLane used from " + Thread.currentThread().getName());
        }
        tasks.add(task);
        if (!paused && !running) {
            runPending();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return clock.schedule(this, task, delay, unit);
    }

    /** Queue tasks instead of running them until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    /** Runs what was queued and goes back to running tasks as they come. */
    public void resume() {
        paused = false;
        runPending();
    }

    public int pendingTasks() {
        return tasks.size();
    }

    /** Exceptions thrown by tasks run on this lane. */
    public List<Throwable> failures() {
        return failures;
    }

    private void runPending() {
        if (running) {
            return;
        }
        running = true;
        try {
            Runnable t;
            while (!paused && (t = tasks.poll()) != null) {
                try {
                    t.run();
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e);
                }
            }
        } finally {
            running = false;
        }
    }

    /** A lane group of one lane. */
    public LaneGroup asGroup() {
        ManualLane self = this;
        return new LaneGroup() {
            @Override
            public Lane laneFor(String key) {
                return self;
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }

    @Override
    public String toString() {
        return "ManualLane[" + name + "]";
    }
}
