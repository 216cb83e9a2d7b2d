package dev.estuary.adapter.lorawan.abp;

import dev.estuary.adapter.lorawan.crypto.LorawanCrypto;
import dev.estuary.adapter.lorawan.frame.DataFrame;
import dev.estuary.adapter.lorawan.frame.MalformedFrameException;
import dev.estuary.adapter.lorawan.frame.PhyPayload;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * LoRaWAN 1.0.x uplink handling for ABP devices: finds the session by DevAddr (the MIC decides between devices
 * sharing one), rebuilds the 32-bit FCnt from its 16 wire bits, verifies the MIC, rejects replays and too large
 * gaps, decrypts the FRMPayload and advances the counter (saved through {@code saveCounter}). The same frame again
 * within the duplicate window (a second gateway, a retransmission) is a duplicate, not a replay.
 */
public final class AbpFrameHandler {
    private final Map<Integer, List<AbpDevice>> byDevAddr = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final int maxGap;
    private final long duplicateWindowMillis;
    private final Clock clock;
    private final BiConsumer<String, Long> saveCounter;

    private static final class Counter {
        long last = -1;
        long acceptedAt;
        byte[] lastMic;
    }

    /**
     * @param maxGap          largest accepted FCnt jump (MAX_FCNT_GAP)
     * @param duplicateWindow how long the last frame again counts as a duplicate
     * @param saveCounter     persists (devEui, fCnt) after a frame was accepted
     */
    public AbpFrameHandler(int maxGap, Duration duplicateWindow, Clock clock, BiConsumer<String, Long> saveCounter) {
        this.maxGap = maxGap;
        this.duplicateWindowMillis = duplicateWindow.toMillis();
        this.clock = clock;
        this.saveCounter = saveCounter;
    }

    /** Adds or replaces a device; {@code lastFCnt} is its last accepted uplink counter, or -1. */
    public void add(AbpDevice d, long lastFCnt) {
        remove(d.devEui());
        byDevAddr.computeIfAbsent(d.devAddr(), a -> new CopyOnWriteArrayList<>()).add(d);
        Counter c = new Counter();
        c.last = lastFCnt;
        counters.put(d.devEui(), c);
    }

    /**
     * Makes the sessions exactly {@code devices} (re-read from the store): new or re-keyed devices start from their
     * stored counter, unchanged ones keep the higher of their counter in memory and the stored one, devices no
     * longer stored are dropped.
     */
    public synchronized void sync(List<AbpDevice> devices, java.util.function.ToLongFunction<String> storedCounter) {
        sync(devices, storedCounter, java.util.Set.of());
    }

    /**
     * Like {@link #sync(List, java.util.function.ToLongFunction)}, and the devices in {@code reprovisioned} (stored
     * again, even with the same keys) start from their stored counter too: their counters were reset.
     */
    public synchronized void sync(List<AbpDevice> devices, java.util.function.ToLongFunction<String> storedCounter,
                                  java.util.Set<String> reprovisioned) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        for (AbpDevice d : devices) {
            keep.add(d.devEui());
            List<AbpDevice> same = byDevAddr.get(d.devAddr());
            boolean unchanged = same != null && same.contains(d) && !reprovisioned.contains(d.devEui());
            long stored = storedCounter.applyAsLong(d.devEui());
            if (unchanged) {
                Counter c = counters.computeIfAbsent(d.devEui(), k -> new Counter());
                synchronized (c) {
                    c.last = Math.max(c.last, stored);
                }
            } else {
                add(d, stored);
            }
        }
        for (String devEui : new java.util.ArrayList<>(counters.keySet())) {
            if (!keep.contains(devEui)) {
                remove(devEui);
            }
        }
    }

    public void remove(String devEui) {
        for (List<AbpDevice> l : byDevAddr.values()) {
            l.removeIf(x -> x.devEui().equals(devEui));
        }
        counters.remove(devEui);
    }

    public boolean knows(int devAddr) {
        List<AbpDevice> l = byDevAddr.get(devAddr);
        return l != null && !l.isEmpty();
    }

    /** Handles one PHYPayload received by a gateway. */
    public AbpResult handle(byte[] phyBytes) {
        DataFrame f;
        try {
            PhyPayload phy = PhyPayload.parse(phyBytes);
            if (!phy.mType().data() || phy.mType().downlink()) {
                return AbpResult.rejected(AbpResult.Status.NOT_UPLINK, null, null, phy.mType().toString());
            }
            f = DataFrame.parse(phy);
        } catch (MalformedFrameException e) {
            return AbpResult.rejected(AbpResult.Status.MALFORMED, null, null, e.getMessage());
        }
        List<AbpDevice> candidates = byDevAddr.get(f.devAddr());
        if (candidates == null || candidates.isEmpty()) {
            return AbpResult.rejected(AbpResult.Status.UNKNOWN_DEVADDR, null, f, "no ABP session for DevAddr "
                    + f.devAddrHex());
        }
        AbpResult firstFailure = null;
        for (AbpDevice d : candidates) {
            AbpResult r = tryDevice(d, f);
            if (r.status() != AbpResult.Status.MIC_FAILED) {
                return r;
            }
            if (firstFailure == null) {
                firstFailure = r;
            }
        }
        return firstFailure;
    }

    private AbpResult tryDevice(AbpDevice d, DataFrame f) {
        Counter c = counters.computeIfAbsent(d.devEui(), k -> new Counter());
        synchronized (c) {
            long fCnt = fullCounter(c.last, f.fCnt16(), maxGap);
            byte[] mic = LorawanCrypto.dataMic(d.nwkSKey(), false, f.devAddr(), fCnt, f.phy().withoutMic());
            if (!LorawanCrypto.sameMic(mic, f.phy().mic())) {
                return AbpResult.rejected(AbpResult.Status.MIC_FAILED, d, f, "MIC does not verify");
            }
            long now = clock.millis();
            if (c.last >= 0 && fCnt <= c.last) {
                if (fCnt == c.last && now - c.acceptedAt < duplicateWindowMillis
                        && java.util.Arrays.equals(c.lastMic, f.phy().mic())) {
                    return new AbpResult(AbpResult.Status.DUPLICATE, d, f, fCnt, null, "already received");
                }
                return AbpResult.rejected(AbpResult.Status.REPLAY, d, f, "FCnt " + fCnt + " is not above "
                        + c.last);
            }
            if (c.last >= 0 && fCnt - c.last > maxGap) {
                return AbpResult.rejected(AbpResult.Status.FCNT_GAP, d, f, "FCnt jumped from " + c.last + " to "
                        + fCnt);
            }
            byte[] key = f.fPort() == 0 ? d.nwkSKey() : d.appSKey();
            byte[] plain = LorawanCrypto.cryptFrmPayload(key, false, f.devAddr(), fCnt, f.frmPayload());
            c.last = fCnt;
            c.acceptedAt = now;
            c.lastMic = f.phy().mic();
            saveCounter.accept(d.devEui(), fCnt);
            return new AbpResult(AbpResult.Status.ACCEPTED, d, f, fCnt, plain, null);
        }
    }

    /**
     * The 32-bit counter whose low 16 bits are {@code fCnt16} (LoRaWAN 1.0.3 §4.3.1.5): in the same 64K epoch as
     * {@code last}, or in the next one when that is a forward step of at most {@code maxGap} (a roll-over). An old
     * frame replayed therefore keeps its old counter, verifies, and is rejected as a replay.
     */
    static long fullCounter(long last, int fCnt16, int maxGap) {
        if (last < 0) {
            return fCnt16;
        }
        long same = (last & ~0xffffL) | fCnt16;
        if (same < last && same + 0x10000 - last <= maxGap) {
            return (same + 0x10000) & 0xffffffffL;
        }
        return same;
    }
}
