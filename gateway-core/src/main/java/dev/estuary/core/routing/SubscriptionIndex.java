package dev.estuary.core.routing;

/**
 * The subscription directory: which subscribers want which topics. Implementations must allow concurrent
 * {@link #match} calls without a global lock and keep match cost independent of the total number of
 * subscriptions. Kept small so that a clustered implementation can replace the in-memory one.
 */
public interface SubscriptionIndex {
    /**
     * Adds or replaces the subscription of {@code subscription.subscriber()} to its filter (and group).
     *
     * @return true when no such subscription existed before
     */
    boolean add(Subscription subscription);

    /**
     * Removes one subscriber's subscription to a filter in a group (null group for normal subscriptions).
     *
     * @return true when it existed
     */
    boolean remove(Subscriber subscriber, String filter, String group);

    /** Reports every normal subscription and every shared group whose filter matches {@code topic}. */
    void match(String topic, MatchCollector collector);

    /** Number of subscriptions held (shared members included). */
    long size();

    /** Number of distinct filters held (each becomes a "topic" in statistics). */
    long filterCount();
}
