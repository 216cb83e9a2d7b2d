package dev.estuary.core.routing;

/** Receives what the index matched for one topic. */
public interface MatchCollector {
    /** A normal (non-shared) subscription whose filter matches. */
    void onSubscription(Subscription subscription);

    /** A shared-subscription group whose filter matches; the router picks one member. */
    void onSharedGroup(SharedGroup group);
}
