package dev.estuary.adapter.mqtt.testing;

import dev.estuary.core.config.ByteSize;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import java.time.Duration;

/**
 * Builds an {@link MqttConfig} that differs from the defaults in a few keys, named as in the configuration file,
 * without spelling out the record's twenty constructor arguments in every test. Unset keys keep their defaults
 * (the record fills nulls in).
 */
public final class MqttConfigOverrides {
    private ByteSize maxPacketSize;
    private Integer maxClientidLen;
    private Integer maxTopicLevels;
    private Integer maxTopicLength;
    private Integer maxQosAllowed;
    private Integer maxTopicAlias;
    private Boolean retainAvailable;
    private Boolean wildcardSubscription;
    private Boolean sharedSubscription;
    private String sharedSubscriptionStrategy;
    private Integer maxSubscriptions;
    private Duration idleTimeout;
    private Integer serverKeepalive;
    private Integer maxInflight;
    private Integer maxAwaitingRel;
    private String responseInformation;
    private MqueueConfig mqueue;

    public static MqttConfigOverrides defaults() {
        return new MqttConfigOverrides();
    }

    public MqttConfigOverrides maxPacketSize(long bytes) {
        this.maxPacketSize = ByteSize.of(bytes);
        return this;
    }

    public MqttConfigOverrides maxClientidLen(int v) {
        this.maxClientidLen = v;
        return this;
    }

    public MqttConfigOverrides maxTopicLevels(int v) {
        this.maxTopicLevels = v;
        return this;
    }

    public MqttConfigOverrides maxTopicLength(int v) {
        this.maxTopicLength = v;
        return this;
    }

    public MqttConfigOverrides maxQosAllowed(int v) {
        this.maxQosAllowed = v;
        return this;
    }

    public MqttConfigOverrides maxTopicAlias(int v) {
        this.maxTopicAlias = v;
        return this;
    }

    public MqttConfigOverrides retainAvailable(boolean v) {
        this.retainAvailable = v;
        return this;
    }

    public MqttConfigOverrides wildcardSubscription(boolean v) {
        this.wildcardSubscription = v;
        return this;
    }

    public MqttConfigOverrides sharedSubscription(boolean v) {
        this.sharedSubscription = v;
        return this;
    }

    public MqttConfigOverrides sharedSubscriptionStrategy(String v) {
        this.sharedSubscriptionStrategy = v;
        return this;
    }

    public MqttConfigOverrides maxSubscriptions(int v) {
        this.maxSubscriptions = v;
        return this;
    }

    public MqttConfigOverrides idleTimeout(Duration v) {
        this.idleTimeout = v;
        return this;
    }

    public MqttConfigOverrides serverKeepalive(int v) {
        this.serverKeepalive = v;
        return this;
    }

    public MqttConfigOverrides maxInflight(int v) {
        this.maxInflight = v;
        return this;
    }

    public MqttConfigOverrides maxAwaitingRel(int v) {
        this.maxAwaitingRel = v;
        return this;
    }

    public MqttConfigOverrides responseInformation(String v) {
        this.responseInformation = v;
        return this;
    }

    public MqttConfigOverrides mqueue(MqueueConfig v) {
        this.mqueue = v;
        return this;
    }

    public MqttConfig build() {
        return new MqttConfig(maxPacketSize, maxClientidLen, maxTopicLevels, maxTopicLength, maxQosAllowed,
                maxTopicAlias, retainAvailable, wildcardSubscription, sharedSubscription,
                sharedSubscriptionStrategy, maxSubscriptions, idleTimeout, null, serverKeepalive, maxInflight,
                maxAwaitingRel, null, null, responseInformation, mqueue);
    }
}
