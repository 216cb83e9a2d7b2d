package dev.estuary.core.session;

import dev.estuary.core.message.Message;

/**
 * One PUBLISH the session asks its connection to send.
 *
 * @param message              the message (topic, payload, properties)
 * @param qos                  QoS to send with
 * @param packetId             packet identifier for QoS 1/2, 0 for QoS 0
 * @param dup                  the DUP flag (set on redelivery)
 * @param retain               the RETAIN flag to send
 * @param subscriptionIds      MQTT 5 subscription identifiers to include
 * @param expirySeconds        remaining message expiry interval to include, or -1 for none
 */
public record OutboundPublish(Message message, int qos, int packetId, boolean dup, boolean retain,
                              int[] subscriptionIds, long expirySeconds) {
}
