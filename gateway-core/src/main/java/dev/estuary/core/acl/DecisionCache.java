package dev.estuary.core.acl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used map from topic (or filter) to decision, for one connection and one kind of check.
 * Not thread-safe: it lives in a {@link ClientAcl}, which is confined to the client's session lane.
 */
final class DecisionCache {
    private final int maxSize;
    private LinkedHashMap<String, Boolean> map;

    DecisionCache(int maxSize) {
        this.maxSize = maxSize;
    }

    Boolean get(String key) {
        return map == null ? null : map.get(key);
    }

    void put(String key, boolean decision) {
        if (maxSize == 0) {
            return;
        }
        if (map == null) {
            map = new LinkedHashMap<>(Math.min(16, maxSize * 2), 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > maxSize;
                }
            };
        }
        map.put(key, decision);
    }

    void clear() {
        map = null;
    }

    int size() {
        return map == null ? 0 : map.size();
    }
}
