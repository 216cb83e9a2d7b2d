package dev.estuary.adapter.mqtt.behaviour;

import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import java.time.Duration;

/**
 * Builds an {@link MqttConfig} that differs from the defaults only in the keys a behaviour test sets; every other
 * key stays null so the record applies its documented default. The one place that knows the record's order.
 */
final class BehaviourConfig {
    private Integer maxQosAllowed;
    private Duration idleTimeout;
    private Integer serverKeepalive;
    private Integer maxInflight;
    private Integer mqueueMaxLen;
    private Boolean storeQos0;

    static BehaviourConfig mqtt() {
        return new BehaviourConfig();
    }

    BehaviourConfig maxQosAllowed(int v) {
        this.maxQosAllowed = v;
        return this;
    }

    BehaviourConfig idleTimeout(Duration v) {
        this.idleTimeout = v;
        return this;
    }

    BehaviourConfig serverKeepalive(int v) {
        this.serverKeepalive = v;
        return this;
    }

    BehaviourConfig maxInflight(int v) {
        this.maxInflight = v;
        return this;
    }

    BehaviourConfig mqueueMaxLen(int v) {
        this.mqueueMaxLen = v;
        return this;
    }

    BehaviourConfig storeQos0(boolean v) {
        this.storeQos0 = v;
        return this;
    }

    MqttConfig build() {
        return new MqttConfig(null, null, null, null, maxQosAllowed, null, null, null, null, null, null,
                idleTimeout, null, serverKeepalive, maxInflight, null, null, null, null,
                new MqueueConfig(mqueueMaxLen, storeQos0));
    }
}
