package dev.estuary.core.internal;

import dev.estuary.core.session.Lane;
import dev.estuary.core.session.LaneGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lanes backed by Netty event loops: the broker's I/O group doubles as its session lanes, so a connection's
 * session runs on the connection's own event loop.
 */
public final class NettyLanes implements LaneGroup {
    private final List<Lane> lanes = new ArrayList<>();

    public NettyLanes(EventLoopGroup group) {
        for (EventExecutor e : group) {
            lanes.add(of((EventLoop) e));
        }
    }

    /** The lane for one event loop. */
    public static Lane of(EventExecutor loop) {
        return new EventLoopLane(loop);
    }

    @Override
    public Lane laneFor(String key) {
        return lanes.get(Math.floorMod(key.hashCode(), lanes.size()));
    }

    @Override
    public int size() {
        return lanes.size();
    }

    /** A lane over one Netty event executor; equal when they wrap the same executor. */
    private static final class EventLoopLane implements Lane {
        private final EventExecutor loop;

        EventLoopLane(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public boolean inLane() {
            return loop.inEventLoop();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return loop.schedule(task, delay, unit);
        }

        @Override
        public void execute(Runnable command) {
            loop.execute(command);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EventLoopLane && ((EventLoopLane) o).loop == loop;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(loop);
        }

        @Override
        public String toString() {
            return "Lane[" + loop + "]";
        }
    }
}
