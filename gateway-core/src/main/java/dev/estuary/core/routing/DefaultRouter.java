package dev.estuary.core.routing;

import dev.estuary.core.message.Message;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The in-process router: matches a topic in the {@link SubscriptionIndex}, merges overlapping subscriptions of one
 * subscriber into a single delivery (highest QoS, all subscription identifiers; MQTT 5.0 §3.3.4), picks one member
 * per shared group, and applies no-local and bridge loop prevention. It holds no lock; the match collector is
 * reused per thread.
 */
public final class DefaultRouter implements Router {
    private final SubscriptionIndex index;
    private final ThreadLocal<Collector> collectors = ThreadLocal.withInitial(Collector::new);

    public DefaultRouter(SubscriptionIndex index) {
        this.index = index;
    }

    @Override
    public SubscriptionIndex index() {
        return index;
    }

    @Override
    public int route(Message message) {
        Collector c = collectors.get();
        if (c.busy) {
            c = new Collector();
        }
        c.busy = true;
        try {
            index.match(message.topic(), c);
            int delivered = deliverSubscriptions(message, c.subscriptions, c.seen);
            for (int i = 0; i < c.groups.size(); i++) {
                Subscription member = c.groups.get(i).pick(message, null);
                if (member != null) {
                    member.subscriber().deliver(shared(message, member, c.groups.get(i)));
                    delivered++;
                }
            }
            return delivered;
        } finally {
            c.reset();
        }
    }

    private static int deliverSubscriptions(Message message, ArrayList<Subscription> subs,
                                            IdentityHashMap<Subscriber, Subscription> seen) {
        int n = subs.size();
        if (n == 0) {
            return 0;
        }
        if (n == 1 || !mayOverlap(subs, seen)) {
            int delivered = 0;
            for (int i = 0; i < n; i++) {
                if (deliverOne(message, subs.get(i))) {
                    delivered++;
                }
            }
            return delivered;
        }
        Map<Subscriber, Merge> merged = new IdentityHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Subscription s = subs.get(i);
            if (!excluded(message, s)) {
                merged.computeIfAbsent(s.subscriber(), k -> new Merge()).add(s, message);
            }
        }
        for (Map.Entry<Subscriber, Merge> e : merged.entrySet()) {
            e.getKey().deliver(e.getValue().toDelivery(message));
        }
        return merged.size();
    }

    /**
     * Whether one subscriber appears more than once among the matches (overlapping filters), which needs the
     * merge. Matches that all end at one filter cannot overlap (a filter holds one subscription per subscriber):
     * the common fan-out needs no map at all; otherwise a reused identity set finds out without allocating.
     */
    private static boolean mayOverlap(ArrayList<Subscription> subs, IdentityHashMap<Subscriber, Subscription> seen) {
        String filter = subs.get(0).topicFilter();
        int n = subs.size();
        int i = 1;
        while (i < n && filter.equals(subs.get(i).topicFilter())) {
            i++;
        }
        if (i == n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (seen.put(subs.get(j).subscriber(), subs.get(j)) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean deliverOne(Message message, Subscription s) {
        if (excluded(message, s)) {
            return false;
        }
        int[] ids = s.subscriptionId() != 0 ? new int[] {s.subscriptionId()} : Delivery.NO_IDS;
        s.subscriber().deliver(new Delivery(message, Math.min(message.qos(), s.options().qos()),
                s.options().retainAsPublished() && message.retain(), ids, null));
        return true;
    }

    /** No Local (MQTT 5.0 §3.8.3.1) and bridge loop prevention: never send a client its own message back. */
    private static boolean excluded(Message message, Subscription s) {
        String publisher = message.publisherId();
        if (publisher == null) {
            return false;
        }
        Subscriber sub = s.subscriber();
        return (s.options().noLocal() || sub.isBridge()) && publisher.equals(sub.clientId());
    }

    private static Delivery shared(Message message, Subscription member, SharedGroup group) {
        int[] ids = member.subscriptionId() != 0 ? new int[] {member.subscriptionId()} : Delivery.NO_IDS;
        return new Delivery(message, Math.min(message.qos(), member.options().qos()),
                member.options().retainAsPublished() && message.retain(), ids, group);
    }

    @Override
    public boolean redispatch(Delivery delivery, Subscriber from) {
        SharedGroup group = delivery.sharedGroup();
        if (group == null) {
            return false;
        }
        Subscription member = group.pick(delivery.message(), from);
        if (member == null) {
            return false;
        }
        member.subscriber().deliver(shared(delivery.message(), member, group));
        return true;
    }

    private static final class Merge {
        int qos = -1;
        boolean retain;
        int[] ids = Delivery.NO_IDS;

        void add(Subscription s, Message m) {
            qos = Math.max(qos, Math.min(m.qos(), s.options().qos()));
            retain |= s.options().retainAsPublished() && m.retain();
            if (s.subscriptionId() != 0) {
                int[] next = java.util.Arrays.copyOf(ids, ids.length + 1);
                next[ids.length] = s.subscriptionId();
                ids = next;
            }
        }

        Delivery toDelivery(Message m) {
            return new Delivery(m, qos, retain, ids, null);
        }
    }

    private static final class Collector implements MatchCollector {
        final ArrayList<Subscription> subscriptions = new ArrayList<>();
        final ArrayList<SharedGroup> groups = new ArrayList<>(2);
        IdentityHashMap<Subscriber, Subscription> seen = new IdentityHashMap<>();
        boolean busy;

        @Override
        public void onSubscription(Subscription subscription) {
            subscriptions.add(subscription);
        }

        @Override
        public void onSharedGroup(SharedGroup group) {
            groups.add(group);
        }

        void reset() {
            busy = false;
            if (subscriptions.size() > 4096) {
                subscriptions.clear();
                subscriptions.trimToSize();
            } else {
                subscriptions.clear();
            }
            groups.clear();
            if (seen.size() > 4096) {
                seen = new IdentityHashMap<>();
            } else if (!seen.isEmpty()) {
                seen.clear();
            }
        }
    }
}
