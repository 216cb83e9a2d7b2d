package dev.estuary.core.routing;

import dev.estuary.core.message.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription ({@code $share/{group}/{filter}}) and the choice of who gets each message.
 * Membership changes are rare and copy-on-write; picking a member is lock-free.
 */
public final class SharedGroup {
    private final String name;
    private final String filter;
    private final ShareStrategy strategy;
    private final CopyOnWriteArrayList<Subscription> members = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile Subscriber sticky;

    SharedGroup(String name, String filter, ShareStrategy strategy) {
        this.name = name;
        this.filter = filter;
        this.strategy = strategy;
    }

    public String name() {
        return name;
    }

    public String filter() {
        return filter;
    }

    public int size() {
        return members.size();
    }

    /** A snapshot of the members' subscriptions. */
    List<Subscription> members() {
        return List.copyOf(members);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Adds or replaces the member's subscription; returns true when it is new. */
    boolean put(Subscription s) {
        for (int i = 0; i < members.size(); i++) {
            Subscription m = members.get(i);
            if (m.subscriber() == s.subscriber()) {
                members.set(i, s);
                return false;
            }
        }
        members.add(s);
        return true;
    }

    boolean remove(Subscriber subscriber) {
        boolean removed = members.removeIf(m -> m.subscriber() == subscriber);
        if (sticky == subscriber) {
            sticky = null;
        }
        return removed;
    }

    /**
     * Picks the member for one message, preferring online members; returns null when the group is empty or the
     * only candidates are excluded.
     *
     * @param exclude a subscriber that must not be chosen (the one a message is being redispatched away from)
     */
    public Subscription pick(Message message, Subscriber exclude) {
        Object[] snapshot = members.toArray();
        int n = snapshot.length;
        if (n == 0) {
            return null;
        }
        if (strategy == ShareStrategy.STICKY) {
            Subscriber s = sticky;
            if (s != null && s != exclude && s.isOnline()) {
                for (Object o : snapshot) {
                    if (((Subscription) o).subscriber() == s) {
                        return (Subscription) o;
                    }
                }
            }
        }
        int start = startIndex(message, n);
        Subscription fallback = null;
        for (int i = 0; i < n; i++) {
            Subscription candidate = (Subscription) snapshot[(start + i) % n];
            if (candidate.subscriber() == exclude) {
                continue;
            }
            if (candidate.subscriber().isOnline()) {
                if (strategy == ShareStrategy.STICKY) {
                    sticky = candidate.subscriber();
                }
                return candidate;
            }
            if (fallback == null) {
                fallback = candidate;
            }
        }
        return fallback;
    }

    private int startIndex(Message message, int n) {
        switch (strategy) {
            case RANDOM:
                return ThreadLocalRandom.current().nextInt(n);
            case HASH_CLIENTID:
                String publisher = message.publisherId();
                return Math.floorMod(publisher == null ? 0 : publisher.hashCode(), n);
            case HASH_TOPIC:
                return Math.floorMod(message.topic().hashCode(), n);
            case ROUND_ROBIN:
            case STICKY:
            default:
                return Math.floorMod(next.getAndIncrement(), n);
        }
    }
}
