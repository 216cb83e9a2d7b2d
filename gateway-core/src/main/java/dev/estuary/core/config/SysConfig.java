package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;

/**
 * The broker's {@code $SYS} topics (the {@code sys:} section), in EMQX's scheme
 * ({@code $SYS/brokers/{node}/...}). Who may read them is decided by the ACL like any other topic.
 *
 * @param interval          how often statistics and metrics are published; 0s turns that off. 1m.
 * @param heartbeatInterval how often {@code uptime} and {@code datetime} are published; 0s turns that off. 30s.
 * @param clientEvents      publish {@code $SYS/brokers/{node}/clients/{clientid}/connected|disconnected} events.
 *                          true.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SysConfig(Duration interval, Duration heartbeatInterval, Boolean clientEvents) {
    public static final SysConfig DEFAULTS = new SysConfig(null, null, null);

    public SysConfig {
        interval = Check.duration("interval", interval, Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1));
        heartbeatInterval = Check.duration("heartbeat_interval", heartbeatInterval, Duration.ofSeconds(30),
                Duration.ZERO, Duration.ofDays(1));
        clientEvents = Check.bool(clientEvents, true);
        if (!interval.isZero() && interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new ConfigException("interval", "must be 0s (off) or at least 10ms (was " + Durations.format(interval)
                    + ")");
        }
        if (!heartbeatInterval.isZero() && heartbeatInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new ConfigException("heartbeat_interval", "must be 0s (off) or at least 10ms (was "
                    + Durations.format(heartbeatInterval) + ")");
        }
    }
}
