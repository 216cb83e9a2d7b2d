package dev.estuary.adapter.mqtt.limits;

import dev.estuary.adapter.mqtt.ListenerStats;
import io.netty.channel.Channel;

/**
 * Stops reading from one connection (auto-read off) while any of its limiters holds it, so that the client's TCP
 * window fills and it slows down instead of having its messages dropped. Turning auto-read off also ends the
 * current read loop, so at most one more socket read arrives after a limiter asked to stop. Confined to the
 * channel's event loop.
 */
public final class ReadThrottle {
    private final Channel channel;
    private final ListenerStats stats;
    private int holds;

    public ReadThrottle(Channel channel, ListenerStats stats) {
        this.channel = channel;
        this.stats = stats;
    }

    /** One more reason not to read. */
    public void hold() {
        if (holds++ == 0) {
            channel.config().setAutoRead(false);
            stats.readPaused();
        }
    }

    /** One reason less; reading resumes when none is left. */
    public void release() {
        if (holds > 0 && --holds == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Whether reading is held now. */
    public boolean held() {
        return holds > 0;
    }
}
