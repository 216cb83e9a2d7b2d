package dev.estuary.core.routing;

/**
 * Options of one subscription (MQTT 5.0 §3.8.3.1). MQTT 3.x subscriptions carry only a QoS; the rest default.
 *
 * @param qos               maximum QoS the subscriber accepts (0..2)
 * @param noLocal           do not deliver messages this client published itself
 * @param retainAsPublished keep the publisher's RETAIN flag when forwarding
 * @param retainHandling    whether retained messages are sent on subscribe
 */
public record SubscriptionOptions(int qos, boolean noLocal, boolean retainAsPublished, RetainHandling retainHandling) {
    public SubscriptionOptions {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0..2: " + qos);
        }
        if (retainHandling == null) {
            retainHandling = RetainHandling.SEND;
        }
    }

    public static SubscriptionOptions qos(int qos) {
        return new SubscriptionOptions(qos, false, false, RetainHandling.SEND);
    }

    public SubscriptionOptions withQos(int newQos) {
        return new SubscriptionOptions(newQos, noLocal, retainAsPublished, retainHandling);
    }
}
