package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.estuary.core.routing.ShareStrategy;
import dev.estuary.core.routing.TopicLimits;
import java.time.Duration;

/**
 * MQTT protocol semantics and limits of the broker core (the {@code mqtt:} section). Every key has its default
 * here and nowhere else; {@code docs/configuration.md} lists them.
 *
 * @param maxPacketSize              largest packet accepted (and advertised as Maximum Packet Size). 1MB.
 * @param maxClientidLen             longest client id accepted. 65535.
 * @param maxTopicLevels             most levels in a topic name or filter. 128.
 * @param maxTopicLength             longest topic name or filter (characters). 65535.
 * @param maxQosAllowed              highest QoS accepted from publishers and granted to subscribers. 2.
 * @param maxTopicAlias              Topic Alias Maximum advertised to MQTT 5 clients. 65535.
 * @param retainAvailable            whether retained messages are supported. true.
 * @param wildcardSubscription       whether wildcard filters are allowed. true.
 * @param sharedSubscription         whether $share and $queue subscriptions are allowed. true.
 * @param sharedSubscriptionStrategy how a shared group picks a member. round_robin.
 * @param maxSubscriptions           most subscriptions per client, 0 for no limit. 0.
 * @param idleTimeout                how long a socket may stay open without sending CONNECT. 15s.
 * @param keepaliveMultiplier        a client is dropped after this many keep-alive periods of silence. 1.5.
 * @param serverKeepalive            if set, MQTT 5 clients are told to use this keep alive instead. 0 = off.
 * @param maxInflight                outbound QoS 1/2 messages awaiting acknowledgement per client (further
 *                                   capped by the client's Receive Maximum). 32.
 * @param maxAwaitingRel             inbound QoS 2 messages awaiting PUBREL per client; also the Receive Maximum
 *                                   advertised to MQTT 5 clients. 100.
 * @param sessionExpiryInterval      how long a persistent MQTT 3.x session (clean session = 0) is kept after
 *                                   its client disconnects. 2h.
 * @param maxSessionExpiryInterval   upper bound on the session expiry an MQTT 5 client may request. never.
 * @param responseInformation        prefix returned as Response Information to MQTT 5 clients that request it;
 *                                   empty disables. "".
 * @param mqueue                     the session message queue.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MqttConfig(
        ByteSize maxPacketSize,
        Integer maxClientidLen,
        Integer maxTopicLevels,
        Integer maxTopicLength,
        Integer maxQosAllowed,
        Integer maxTopicAlias,
        Boolean retainAvailable,
        Boolean wildcardSubscription,
        Boolean sharedSubscription,
        String sharedSubscriptionStrategy,
        Integer maxSubscriptions,
        Duration idleTimeout,
        Double keepaliveMultiplier,
        Integer serverKeepalive,
        Integer maxInflight,
        Integer maxAwaitingRel,
        Duration sessionExpiryInterval,
        Duration maxSessionExpiryInterval,
        String responseInformation,
        MqueueConfig mqueue) {

    public static final MqttConfig DEFAULTS = new MqttConfig(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    public MqttConfig {
        maxPacketSize = Check.size("max_packet_size", maxPacketSize, ByteSize.of(1024 * 1024), 64, 268_435_455);
        maxClientidLen = Check.intIn("max_clientid_len", maxClientidLen, 65535, 23, 65535);
        maxTopicLevels = Check.intIn("max_topic_levels", maxTopicLevels, 128, 1, 65535);
        maxTopicLength = Check.intIn("max_topic_length", maxTopicLength, 65535, 1, 65535);
        maxQosAllowed = Check.intIn("max_qos_allowed", maxQosAllowed, 2, 0, 2);
        maxTopicAlias = Check.intIn("max_topic_alias", maxTopicAlias, 65535, 0, 65535);
        retainAvailable = Check.bool(retainAvailable, true);
        wildcardSubscription = Check.bool(wildcardSubscription, true);
        sharedSubscription = Check.bool(sharedSubscription, true);
        sharedSubscriptionStrategy = Check.or(sharedSubscriptionStrategy, "round_robin");
        try {
            ShareStrategy.parse(sharedSubscriptionStrategy);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("shared_subscription_strategy", e.getMessage());
        }
        maxSubscriptions = Check.intIn("max_subscriptions", maxSubscriptions, 0, 0, Integer.MAX_VALUE);
        idleTimeout = Check.duration("idle_timeout", idleTimeout, Duration.ofSeconds(15), Duration.ofMillis(100),
                Duration.ofHours(1));
        keepaliveMultiplier = Check.doubleIn("keepalive_multiplier", keepaliveMultiplier, 1.5, 1.0, 10.0);
        serverKeepalive = Check.intIn("server_keepalive", serverKeepalive, 0, 0, 65535);
        maxInflight = Check.intIn("max_inflight", maxInflight, 32, 1, 65535);
        maxAwaitingRel = Check.intIn("max_awaiting_rel", maxAwaitingRel, 100, 1, 65535);
        sessionExpiryInterval = Check.duration("session_expiry_interval", sessionExpiryInterval,
                Duration.ofHours(2), Duration.ZERO, Durations.NEVER);
        maxSessionExpiryInterval = Check.duration("max_session_expiry_interval", maxSessionExpiryInterval,
                Durations.NEVER, Duration.ZERO, Durations.NEVER);
        responseInformation = Check.or(responseInformation, "");
        mqueue = Check.or(mqueue, MqueueConfig.DEFAULTS);
    }

    public ShareStrategy shareStrategy() {
        return ShareStrategy.parse(sharedSubscriptionStrategy);
    }

    public TopicLimits topicLimits() {
        return new TopicLimits(maxTopicLength, maxTopicLevels);
    }
}
