package dev.estuary.core.limits;

import dev.estuary.core.ban.Ban;
import dev.estuary.core.ban.BanKind;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.config.FlappingConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.session.ClientInfo;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bans client ids that disconnect {@code flapping.max_count} times within {@code flapping.window}, for
 * {@code flapping.ban_time}. Counts every ended connection except those the broker ended itself for everyone
 * (shutdown) or that an operator ended (kick, ban). A broker event listener: called on the broker's threads, it
 * only touches memory.
 */
public final class FlappingDetector implements BrokerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(FlappingDetector.class);

    private final FlappingConfig config;
    private final BanList bans;
    private final Clock clock;
    private final ConcurrentHashMap<String, ArrayDeque<Long>> recent = new ConcurrentHashMap<>();
    private final LongAdder banned = new LongAdder();

    public FlappingDetector(FlappingConfig config, BanList bans, Clock clock) {
        this.config = config;
        this.bans = bans;
        this.clock = clock;
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        DisconnectReason r = disconnect.reason();
        if (r == DisconnectReason.SERVER_SHUTDOWN || r == DisconnectReason.KICKED) {
            return;
        }
        long now = clock.millis();
        long windowStart = now - config.window().toMillis();
        boolean flapping;
        ArrayDeque<Long> times = recent.computeIfAbsent(client.clientId(), k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= windowStart) {
                times.pollFirst();
            }
            times.addLast(now);
            flapping = times.size() >= config.maxCount();
            if (flapping) {
                times.clear();
            }
        }
        if (flapping) {
            recent.remove(client.clientId(), times);
            banned.increment();
            LOG.warn("client '{}' from {} disconnected {} times within {}: banned for {} (flapping)",
                    client.clientId(), client.ip(), config.maxCount(), config.window(), config.banTime());
            bans.add(new Ban(BanKind.CLIENTID, client.clientId(), "flapping: " + config.maxCount()
                    + " disconnects within " + dev.estuary.core.config.Durations.format(config.window()), "flapping",
                    now, now + config.banTime().toMillis()));
        }
    }

    /** Forgets clients whose last disconnect is older than the window (call periodically). */
    public void purge() {
        long windowStart = clock.millis() - config.window().toMillis();
        recent.forEach((id, times) -> {
            boolean stale;
            synchronized (times) {
                stale = times.isEmpty() || times.peekLast() <= windowStart;
            }
            if (stale) {
                recent.remove(id, times);
            }
        });
    }

    /** Client ids banned for flapping since start. */
    public long bannedCount() {
        return banned.sum();
    }

    /** Client ids being watched now. */
    public int watched() {
        return recent.size();
    }
}
