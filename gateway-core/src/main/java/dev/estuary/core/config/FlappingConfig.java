package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;

/**
 * Flapping detection (the {@code flapping:} section): a client id that disconnects {@code max_count} times within
 * {@code window} is banned for {@code ban_time}; its connects are refused with CONNACK 0x8A (banned; MQTT 3.1.1:
 * return code 5) until the ban expires or is removed.
 *
 * @param enabled  detect flapping clients. false.
 * @param maxCount disconnects within the window that make a client flapping. 15.
 * @param window   the sliding window. 1m.
 * @param banTime  how long a flapping client is banned. 5m.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlappingConfig(Boolean enabled, Integer maxCount, Duration window, Duration banTime) {
    public static final FlappingConfig DEFAULTS = new FlappingConfig(null, null, null, null);

    public FlappingConfig {
        enabled = Check.bool(enabled, false);
        maxCount = Check.intIn("max_count", maxCount, 15, 1, 100_000);
        window = Check.duration("window", window, Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofDays(1));
        banTime = Check.duration("ban_time", banTime, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofDays(365));
    }
}
