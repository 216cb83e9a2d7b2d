package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The per-session message queue ("mqueue"): messages waiting for an offline persistent session, or for a slow
 * online one whose inflight window is full.
 *
 * @param maxLen    {@code mqueue.max_len}: most messages queued per session; when full the oldest is dropped
 *                  and counted. 0 means unlimited. Default 1000.
 * @param storeQos0 {@code mqueue.store_qos0}: queue QoS 0 messages for offline sessions too. Default false.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MqueueConfig(Integer maxLen, Boolean storeQos0) {
    public static final MqueueConfig DEFAULTS = new MqueueConfig(null, null);

    public MqueueConfig {
        maxLen = Check.intIn("max_len", maxLen, 1000, 0, Integer.MAX_VALUE);
        storeQos0 = Check.bool(storeQos0, false);
    }
}
