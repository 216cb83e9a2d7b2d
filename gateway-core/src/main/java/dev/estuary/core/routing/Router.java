package dev.estuary.core.routing;

import dev.estuary.core.message.Message;

/**
 * Hands published messages to the subscribers whose filters match. Kept behind an interface so that a clustered
 * router can forward to other nodes later.
 */
public interface Router {
    /**
     * Routes a message to every matching subscriber (one member per shared group).
     *
     * @return the number of subscribers it was handed to; 0 means "no matching subscribers"
     */
    int route(Message message);

    /**
     * Sends a delivery that a shared-group member could not complete to another member of the same group.
     *
     * @return false when the group has no other member (the caller then drops or keeps the message)
     */
    boolean redispatch(Delivery delivery, Subscriber from);

    /** The subscription index this router matches against. */
    SubscriptionIndex index();
}
