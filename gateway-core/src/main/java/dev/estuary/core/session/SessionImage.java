package dev.estuary.core.session;

import dev.estuary.core.routing.Delivery;
import dev.estuary.core.routing.SubscriptionOptions;
import java.util.List;
import java.util.Set;

/**
 * A durable session as recovered from disk at startup, for {@link SessionRegistry#restore}: the session comes back
 * offline, with its subscriptions in the router, its unacknowledged messages (resent with DUP when the client
 * reconnects) and its queue, and its expiry and will timers running from {@code disconnectedAtMillis}.
 *
 * @param key                  the store key the session keeps reporting under
 * @param client               the identity of its last connection (for ACLs while offline, and statistics)
 * @param expirySeconds        session expiry interval ({@link Long#MAX_VALUE}: never)
 * @param will                 the will still to be published, or null
 * @param disconnectedAtMillis when the last connection ended (broker clock)
 * @param subscriptions        the subscriptions in the order they were made
 * @param inflight             outbound QoS 1/2 messages awaiting acknowledgement, in send order
 * @param queued               deliveries waiting to be sent, in order
 * @param awaitingRel          packet ids of inbound QoS 2 messages awaiting PUBREL
 */
public record SessionImage(long key, ClientInfo client, long expirySeconds, Will will, long disconnectedAtMillis,
                           List<SubscriptionImage> subscriptions, List<InflightImage> inflight,
                           List<Delivery> queued, Set<Integer> awaitingRel) {

    /**
     * One subscription.
     *
     * @param topic          the filter as the client sent it (with any {@code $share/} prefix)
     * @param options        its options
     * @param subscriptionId MQTT 5 subscription identifier, 0 for none
     */
    public record SubscriptionImage(String topic, SubscriptionOptions options, int subscriptionId) {
    }

    /**
     * One unacknowledged outbound message.
     *
     * @param delivery the delivery
     * @param packetId the packet id it was sent with
     * @param released QoS 2: PUBREC received, PUBREL (not the PUBLISH) is what gets resent
     */
    public record InflightImage(Delivery delivery, int packetId, boolean released) {
    }
}
