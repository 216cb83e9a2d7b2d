package dev.estuary.core.routing;

import dev.estuary.core.message.Message;

/**
 * One message on its way to one subscriber, with what the router decided for it.
 *
 * @param message         the shared, immutable message
 * @param qos             the QoS to deliver with: min(published QoS, granted QoS)
 * @param retainFlag      the RETAIN flag to send (set for retained-on-subscribe, or retain-as-published)
 * @param subscriptionIds MQTT 5 subscription identifiers of the matching subscriptions (may be empty)
 * @param sharedGroup     the shared group this delivery was dispatched through, or null
 */
public record Delivery(Message message, int qos, boolean retainFlag, int[] subscriptionIds, SharedGroup sharedGroup) {
    static final int[] NO_IDS = new int[0];

    public Delivery {
        if (subscriptionIds == null) {
            subscriptionIds = NO_IDS;
        }
    }
}
