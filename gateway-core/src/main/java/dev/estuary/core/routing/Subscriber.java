package dev.estuary.core.routing;

/**
 * The receiving end of a subscription as the router sees it. Implemented by broker sessions; the router never
 * looks further inside.
 */
public interface Subscriber {
    /** The client id, unique among live subscribers. */
    String clientId();

    /** Whether a connection is attached right now (shared-subscription dispatch prefers online members). */
    boolean isOnline();

    /** True for MQTT bridges: they never get back what they published themselves (loop prevention). */
    default boolean isBridge() {
        return false;
    }

    /**
     * Hands a matched message to the subscriber. Called from any thread; the subscriber moves the work to its own
     * thread and must not block.
     */
    void deliver(Delivery delivery);
}
