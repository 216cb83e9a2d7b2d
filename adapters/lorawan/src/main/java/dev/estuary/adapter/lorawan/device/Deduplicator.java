package dev.estuary.adapter.lorawan.device;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently published frames (devEui+fCnt) for a window, so the same frame reported by two network
 * servers, two gateways or a retry is published once. Bounded: past {@code maxEntries} the oldest are forgotten.
 */
public final class Deduplicator {
    private final long windowMillis;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public Deduplicator(Duration window, int maxEntries, Clock clock) {
        this.windowMillis = window.toMillis();
        this.maxEntries = Math.max(1, maxEntries);
        this.clock = clock;
    }

    public static String key(String devEui, long fCnt) {
        return devEui + "/" + fCnt;
    }

    /** True the first time a key is seen within the window (and remembers it); false for a duplicate. */
    public synchronized boolean firstSeen(String key) {
        long now = clock.millis();
        evictExpired(now);
        Long at = seen.get(key);
        if (at != null) {
            return false;
        }
        seen.put(key, now);
        if (seen.size() > maxEntries) {
            Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** Forgets a key (its publication failed, so a retry must not count as a duplicate). */
    public synchronized void forget(String key) {
        seen.remove(key);
    }

    public synchronized int size() {
        return seen.size();
    }

    private void evictExpired(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() < windowMillis) {
                break;
            }
            it.remove();
        }
    }
}
