package dev.estuary.core.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A topic trie: one node per filter level, subscriptions stored at the node where their filter ends.
 *
 * <p>Matching walks the levels of the topic, following at each level the exact child, the '+' child and the '#'
 * child, so its cost grows with the topic's depth and the number of matches, never with the number of
 * subscriptions held. The walk works on index ranges of the topic string (no level substrings, no array of
 * levels); the '+' and '#' children are fields of their parent, so only the exact child costs a hash lookup, in
 * a {@link ChildTable} probed with the level's range. Readers take no locks. Writers lock one node at a time
 * (hand over hand) and mark a pruned node {@code removed}, so a writer that raced with pruning retries from the
 * root instead of attaching to a detached node.
 */
public final class TopicTree implements SubscriptionIndex {
    private final Node root = new Node(null, null);
    private final ShareStrategy shareStrategy;
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong filters = new AtomicLong();

    public TopicTree(ShareStrategy shareStrategy) {
        this.shareStrategy = shareStrategy;
    }

    public TopicTree() {
        this(ShareStrategy.ROUND_ROBIN);
    }

    @Override
    public boolean add(Subscription s) {
        String[] levels = Topics.levels(s.topicFilter());
        while (true) {
            Node leaf = walkOrCreate(levels);
            synchronized (leaf) {
                if (leaf.removed) {
                    continue;
                }
                boolean wasEmpty = leaf.isEmpty();
                boolean added;
                if (s.isShared()) {
                    if (leaf.groups == null) {
                        leaf.groups = new ConcurrentHashMap<>(2);
                    }
                    SharedGroup g = leaf.groups.computeIfAbsent(s.shareGroup(),
                            name -> new SharedGroup(name, s.topicFilter(), shareStrategy));
                    added = g.put(s);
                } else {
                    added = leaf.putSubscription(s);
                }
                if (added) {
                    subscriptions.incrementAndGet();
                }
                if (wasEmpty && !leaf.isEmpty()) {
                    filters.incrementAndGet();
                }
                return added;
            }
        }
    }

    private Node walkOrCreate(String[] levels) {
        while (true) {
            Node node = root;
            boolean restart = false;
            for (String level : levels) {
                Node child;
                synchronized (node) {
                    if (node.removed) {
                        restart = true;
                        break;
                    }
                    child = node.childOrCreate(level);
                }
                node = child;
            }
            if (!restart) {
                return node;
            }
        }
    }

    @Override
    public boolean remove(Subscriber subscriber, String filter, String group) {
        Node node = root;
        for (String level : Topics.levels(filter)) {
            node = node.child(level);
            if (node == null) {
                return false;
            }
        }
        boolean removed = false;
        synchronized (node) {
            if (node.removed) {
                return false;
            }
            if (group == null) {
                removed = node.removeSubscription(subscriber);
            } else if (node.groups != null) {
                SharedGroup g = node.groups.get(group);
                if (g != null && g.remove(subscriber)) {
                    removed = true;
                    if (g.isEmpty()) {
                        node.groups.remove(group);
                    }
                }
            }
            if (removed) {
                subscriptions.decrementAndGet();
                if (node.isEmpty()) {
                    filters.decrementAndGet();
                }
            }
        }
        if (removed) {
            prune(node);
        }
        return removed;
    }

    /** Detaches empty nodes bottom-up, one lock at a time. */
    private void prune(Node node) {
        while (node != root) {
            Node parent = node.parent;
            synchronized (node) {
                if (node.removed || !node.isEmpty() || node.hasChildren()) {
                    return;
                }
                node.removed = true;
            }
            synchronized (parent) {
                parent.removeChild(node);
            }
            node = parent;
        }
    }

    @Override
    public void match(String topic, MatchCollector collector) {
        boolean system = !topic.isEmpty() && topic.charAt(0) == '$';
        match(root, topic, 0, system, collector);
    }

    /**
     * Matches the levels of {@code topic} from index {@code from} (the start of the next level; -1 once every
     * level has been consumed) below {@code node}.
     */
    private static void match(Node node, String topic, int from, boolean system, MatchCollector out) {
        if (from < 0) {
            node.collect(out);
            Node hash = node.hash;
            if (hash != null) {
                hash.collect(out); // "a/#" also matches "a"
            }
            return;
        }
        int slash = topic.indexOf('/', from);
        int to = slash < 0 ? topic.length() : slash;
        int next = slash < 0 ? -1 : slash + 1;
        ChildTable exact = node.exact;
        if (exact != null) {
            Node child = exact.get(topic, from, to);
            if (child != null) {
                match(child, topic, next, system, out);
            }
        }
        if (from == 0 && system) {
            return; // '$' topics are not matched by a leading wildcard
        }
        Node plus = node.plus;
        if (plus != null) {
            match(plus, topic, next, system, out);
        }
        Node hash = node.hash;
        if (hash != null) {
            hash.collect(out);
        }
    }

    @Override
    public long size() {
        return subscriptions.get();
    }

    @Override
    public long filterCount() {
        return filters.get();
    }

    /** Test hook: the number of nodes below the root, to prove that empty branches are pruned. */
    int nodeCount() {
        return countNodes(root) - 1;
    }

    private static int countNodes(Node node) {
        int n = 1;
        for (Node child : node.children()) {
            n += countNodes(child);
        }
        return n;
    }

    /** Test hook: every subscription held, shared members included (a snapshot; not for the hot path). */
    List<Subscription> subscriptions() {
        List<Subscription> out = new ArrayList<>();
        collectAll(root, out);
        return out;
    }

    private static void collectAll(Node node, List<Subscription> out) {
        Object s = node.subscribers;
        if (s instanceof Subscription) {
            out.add((Subscription) s);
        } else if (s != null) {
            out.addAll(subscriptionMap(s).values());
        }
        Map<String, SharedGroup> g = node.groups;
        if (g != null) {
            for (SharedGroup group : g.values()) {
                out.addAll(group.members());
            }
        }
        for (Node child : node.children()) {
            collectAll(child, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<Subscriber, Subscription> subscriptionMap(Object o) {
        return (ConcurrentHashMap<Subscriber, Subscription>) o;
    }

    private static final class Node {
        final Node parent;
        final String level;
        /** {@code level.hashCode()}, kept beside the level so a probe that misses touches one object less. */
        final int levelHash;
        /** Exact-level children; the wildcard children are the two fields below. */
        volatile ChildTable exact;
        volatile Node plus;
        volatile Node hash;
        /**
         * The normal subscriptions ending here: null, the one {@link Subscription} (the common case: no map, and
         * one object less to touch per match), or a {@code ConcurrentHashMap<Subscriber, Subscription>}.
         */
        volatile Object subscribers;
        volatile ConcurrentHashMap<String, SharedGroup> groups;
        boolean removed; // guarded by this

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
            this.levelHash = level == null ? 0 : level.hashCode();
        }

        /** The child for a whole level ("+" and "#" included), or null. */
        Node child(String level) {
            if (level.equals("+")) {
                return plus;
            }
            if (level.equals("#")) {
                return hash;
            }
            ChildTable t = exact;
            return t == null ? null : t.get(level, 0, level.length());
        }

        /** Called with this node locked. */
        Node childOrCreate(String level) {
            Node child = child(level);
            if (child != null) {
                return child;
            }
            child = new Node(this, level);
            if (level.equals("+")) {
                plus = child;
            } else if (level.equals("#")) {
                hash = child;
            } else {
                ChildTable t = exact;
                if (t == null) {
                    t = new ChildTable();
                    exact = t;
                }
                ChildTable grown = t.put(child);
                if (grown != t) {
                    exact = grown;
                }
            }
            return child;
        }

        /** Called with this node locked. */
        void removeChild(Node child) {
            if (plus == child) {
                plus = null;
            } else if (hash == child) {
                hash = null;
            } else {
                ChildTable t = exact;
                if (t != null) {
                    t.remove(child);
                    if (t.isEmpty()) {
                        exact = null;
                    }
                }
            }
        }

        List<Node> children() {
            List<Node> out = new ArrayList<>();
            ChildTable t = exact;
            if (t != null) {
                t.addTo(out);
            }
            if (plus != null) {
                out.add(plus);
            }
            if (hash != null) {
                out.add(hash);
            }
            return out;
        }

        /** Called with this node locked; true when the subscriber had no subscription here before. */
        boolean putSubscription(Subscription s) {
            Object o = subscribers;
            if (o == null) {
                subscribers = s;
                return true;
            }
            if (o instanceof Subscription) {
                Subscription existing = (Subscription) o;
                if (existing.subscriber().equals(s.subscriber())) {
                    subscribers = s;
                    return false;
                }
                ConcurrentHashMap<Subscriber, Subscription> map = new ConcurrentHashMap<>(4);
                map.put(existing.subscriber(), existing);
                map.put(s.subscriber(), s);
                subscribers = map;
                return true;
            }
            return subscriptionMap(o).put(s.subscriber(), s) == null;
        }

        /** Called with this node locked. */
        boolean removeSubscription(Subscriber subscriber) {
            Object o = subscribers;
            if (o instanceof Subscription) {
                if (((Subscription) o).subscriber().equals(subscriber)) {
                    subscribers = null;
                    return true;
                }
                return false;
            }
            if (o == null) {
                return false;
            }
            ConcurrentHashMap<Subscriber, Subscription> map = subscriptionMap(o);
            boolean removed = map.remove(subscriber) != null;
            if (map.size() == 1) {
                subscribers = map.values().iterator().next();
            } else if (map.isEmpty()) {
                subscribers = null;
            }
            return removed;
        }

        boolean isEmpty() {
            Map<String, SharedGroup> g = groups;
            return subscribers == null && (g == null || g.isEmpty());
        }

        boolean hasChildren() {
            ChildTable t = exact;
            return plus != null || hash != null || t != null && !t.isEmpty();
        }

        void collect(MatchCollector out) {
            Object s = subscribers;
            if (s instanceof Subscription) {
                out.onSubscription((Subscription) s);
            } else if (s != null) {
                for (Subscription sub : subscriptionMap(s).values()) {
                    out.onSubscription(sub);
                }
            }
            Map<String, SharedGroup> g = groups;
            if (g != null) {
                for (SharedGroup group : g.values()) {
                    out.onSharedGroup(group);
                }
            }
        }
    }

    /**
     * The exact-level children of one node: an open-addressing hash table (linear probing, power-of-two size, at
     * most half full counting deleted slots) that is looked up with a range of the topic string, so matching
     * needs no substring. Readers take no lock and read slots with acquire semantics; writers hold the owning
     * node's lock, publish a slot with a release store (a node's level and hash are final), and replace a full table by a grown copy (readers of the
     * old table still find every node that was in it). Removed slots hold {@link #DELETED}.
     */
    private static final class ChildTable {
        private static final Node DELETED = new Node(null, "");
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

        private final Node[] slots;
        private int used; // live + deleted, guarded by the owning node's lock
        private int live;

        ChildTable() {
            this(4);
        }

        private ChildTable(int capacity) {
            slots = new Node[capacity];
        }

        /** The child whose level equals {@code topic[from, to)}, or null. */
        Node get(String topic, int from, int to) {
            int h = hash(topic, from, to);
            int len = to - from;
            Node[] s = slots;
            int mask = s.length - 1;
            for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
                Node n = (Node) SLOTS.getAcquire(s, i);
                if (n == null) {
                    return null;
                }
                if (n.levelHash == h && n != DELETED && n.level.length() == len
                        && topic.regionMatches(from, n.level, 0, len)) {
                    return n;
                }
            }
        }

        /** Adds {@code child} (absent); returns this table or, when it had to grow, the new one. */
        ChildTable put(Node child) {
            if ((used + 1) * 2 > slots.length) {
                ChildTable grown = new ChildTable(Math.max(4, Integer.highestOneBit(Math.max(1, live + 1) * 4)));
                for (Node n : slots) {
                    if (n != null && n != DELETED) {
                        grown.insert(n);
                    }
                }
                grown.insert(child);
                return grown;
            }
            insert(child);
            return this;
        }

        private void insert(Node child) {
            int mask = slots.length - 1;
            int i = spread(child.levelHash) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            SLOTS.setRelease(slots, i, child);
            used++;
            live++;
        }

        void remove(Node child) {
            int mask = slots.length - 1;
            for (int i = spread(child.levelHash) & mask; slots[i] != null; i = (i + 1) & mask) {
                if (slots[i] == child) {
                    SLOTS.setRelease(slots, i, DELETED);
                    live--;
                    return;
                }
            }
        }

        boolean isEmpty() {
            return live == 0;
        }

        void addTo(List<Node> out) {
            for (int i = 0; i < slots.length; i++) {
                Node n = (Node) SLOTS.getAcquire(slots, i);
                if (n != null && n != DELETED) {
                    out.add(n);
                }
            }
        }

        /** {@link String#hashCode()} of {@code s[from, to)} without making the substring. */
        private static int hash(String s, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + s.charAt(i);
            }
            return h;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }
}
