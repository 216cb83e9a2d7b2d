package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.TopicFilter;
import dev.estuary.core.routing.TopicLimits;

/**
 * One proxy subscription ({@code auto_subscribe.topics[]}): made for every MQTT client when it connects.
 *
 * @param topic             the topic filter; {@code %c} is replaced by the client id, {@code %u} by the username
 *                          (a client without a username gets no subscription from a filter that uses it).
 *                          Required.
 * @param qos               maximum QoS. 0.
 * @param noLocal           MQTT 5 No Local: the client does not get its own messages back. false.
 * @param retainAsPublished MQTT 5 Retain As Published. false.
 * @param retainHandling    MQTT 5 Retain Handling: 0 send retained messages, 1 only for a new subscription,
 *                          2 never. 0.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutoSubscription(String topic, Integer qos, Boolean noLocal, Boolean retainAsPublished,
                               Integer retainHandling) {
    public AutoSubscription {
        if (topic == null || topic.isEmpty()) {
            throw new ConfigException("topic", "is required");
        }
        try {
            TopicFilter.parse(topic, TopicLimits.DEFAULT);
        } catch (InvalidTopicException e) {
            throw new ConfigException("topic", e.getMessage());
        }
        qos = Check.intIn("qos", qos, 0, 0, 2);
        noLocal = Check.bool(noLocal, false);
        retainAsPublished = Check.bool(retainAsPublished, false);
        retainHandling = Check.intIn("retain_handling", retainHandling, 0, 0, 2);
    }

    public static AutoSubscription of(String topic, int qos) {
        return new AutoSubscription(topic, qos, null, null, null);
    }
}
