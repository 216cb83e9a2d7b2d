package dev.estuary.adapter.lorawan.gwmp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.abp.AbpDevice;
import dev.estuary.adapter.lorawan.abp.AbpResult;
import dev.estuary.adapter.lorawan.downlink.DownlinkRequest;
import dev.estuary.adapter.lorawan.downlink.DownlinkSender;
import dev.estuary.adapter.lorawan.downlink.DownlinkTracker;
import dev.estuary.adapter.lorawan.frame.DownlinkFrames;
import dev.estuary.adapter.lorawan.model.DownlinkOutcome;
import dev.estuary.adapter.lorawan.model.Owner;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class A downlinks to ABP devices through the packet forwarder: downlinks wait in a per-device queue and leave in
 * the RX1 window of the device's next uplink, as a PULL_RESP to the gateway that heard it (RX1 at the uplink's
 * frequency and data rate, {@code rx1_delay} after its {@code tmst} — the EU868 rule with RX1DROffset 0). A confirmed
 * uplink with nothing queued gets an empty ACK frame. Outcomes: TX_ACK without error → {@code sent}; a TX_ACK error
 * or no PULL_DATA address → {@code failed}; for confirmed downlinks the ACK bit of the next uplink →
 * {@code acknowledged}, its absence → {@code failed}.
 */
public final class ClassADownlinks implements DownlinkSender {
    private static final Logger LOG = LoggerFactory.getLogger(ClassADownlinks.class);
    private static final int MAX_QUEUED = 16;

    private record Queued(DownlinkRequest request, String key) {
    }

    /** Sends a datagram to an address. */
    @FunctionalInterface
    interface Transmitter {
        void send(InetSocketAddress to, byte[] datagram);
    }

    private final Map<String, Deque<Queued>> queues = new ConcurrentHashMap<>();
    private final Map<String, Long> nextFCntDown = new ConcurrentHashMap<>();
    private final Map<String, String> awaitingAck = new ConcurrentHashMap<>();
    private final Map<String, String> awaitingTxAck = new ConcurrentHashMap<>();
    private final DownlinkTracker tracker;
    private final GatewayRegistry gateways;
    private final BiConsumer<String, Long> saveFCntDown;
    private final long rx1DelayMicros;
    private final int txPower;

    public ClassADownlinks(DownlinkTracker tracker, GatewayRegistry gateways, BiConsumer<String, Long> saveFCntDown,
                           long rx1DelayMicros, int txPower) {
        this.tracker = tracker;
        this.gateways = gateways;
        this.saveFCntDown = saveFCntDown;
        this.rx1DelayMicros = rx1DelayMicros;
        this.txPower = txPower;
    }

    /** The stored downlink counter of a device (read at start and on reloads), -1 when none. */
    public void restoreFCntDown(String devEui, long last) {
        nextFCntDown.merge(devEui, last + 1, Math::max);
    }

    /** Sets the downlink counter of a device provisioned again (its counters start over), -1 when none. */
    public void resetFCntDown(String devEui, long last) {
        nextFCntDown.put(devEui, last + 1);
    }

    @Override
    public CompletionStage<Void> send(String devEui, Owner owner, DownlinkRequest d, String key) {
        if (d.data() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the packet forwarder path needs "
                    + "\"data\" or an Estuary codec for \"object\""));
        }
        Deque<Queued> q = queues.computeIfAbsent(devEui, k -> new ArrayDeque<>());
        synchronized (q) {
            if (q.size() >= MAX_QUEUED) {
                return CompletableFuture.failedFuture(new IllegalStateException("downlink queue of " + devEui
                        + " is full (" + MAX_QUEUED + ")"));
            }
            q.add(new Queued(d, key));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** After an accepted uplink: settles a confirmed downlink, then answers in RX1 if there is something to send. */
    void onUplink(String gatewayEui, Rxpk rx, AbpResult r, Transmitter tx) {
        AbpDevice d = r.device();
        String pendingAck = awaitingAck.remove(d.devEui());
        if (pendingAck != null) {
            tracker.report(new DownlinkOutcome(pendingAck, r.frame().ack() ? DownlinkOutcome.ACKNOWLEDGED
                    : DownlinkOutcome.FAILED, r.frame().ack() ? null : "the next uplink did not acknowledge it"));
        }
        boolean ackUplink = r.frame().mType().confirmed();
        Queued next;
        boolean more;
        Deque<Queued> q = queues.get(d.devEui());
        if (q == null) {
            next = null;
            more = false;
        } else {
            synchronized (q) {
                next = q.poll();
                more = !q.isEmpty();
            }
        }
        if (next == null && !ackUplink) {
            return;
        }
        InetSocketAddress to = gateways.pullAddress(gatewayEui);
        if (to == null) {
            fail(next, "gateway " + gatewayEui + " has not sent PULL_DATA (no downlink path)");
            return;
        }
        long fCnt = nextFCntDown.merge(d.devEui(), 1L, Long::sum) - 1;
        saveFCntDown.accept(d.devEui(), fCnt);
        boolean confirmed = next != null && next.request().confirmed();
        byte[] phy = DownlinkFrames.build(d.nwkSKey(), d.appSKey(), d.devAddr(), fCnt, confirmed, ackUplink, more,
                next == null ? -1 : next.request().fPort(), next == null ? new byte[0] : next.request().data());
        int token = ThreadLocalRandom.current().nextInt(0x10000);
        if (next != null) {
            awaitingTxAck.put(gatewayEui + "/" + token, next.key());
            if (confirmed) {
                awaitingAck.put(d.devEui(), next.key());
            }
        }
        tx.send(to, GwmpPacket.pullResp(2, token, Json.bytes(txpk(rx, phy))));
        LOG.debug("RX1 downlink for {} (FCntDown {}) via gateway {}", d.devEui(), fCnt, gatewayEui);
    }

    /** A TX_ACK from a gateway: the outcome of the downlink sent with that token, if any. */
    void onTxAck(String gatewayEui, int token, String error) {
        String key = awaitingTxAck.remove(gatewayEui + "/" + token);
        if (key == null) {
            return;
        }
        if (error == null || "NONE".equals(error)) {
            tracker.report(new DownlinkOutcome(key, DownlinkOutcome.SENT, null));
        } else {
            awaitingAck.values().remove(key);
            tracker.report(new DownlinkOutcome(key, DownlinkOutcome.FAILED, "gateway " + gatewayEui
                    + " refused it: " + error));
        }
    }

    private ObjectNode txpk(Rxpk rx, byte[] phy) {
        ObjectNode root = Json.object();
        ObjectNode t = root.putObject("txpk");
        t.put("imme", false);
        t.put("tmst", (rx.tmst() + rx1DelayMicros) & 0xffffffffL);
        t.put("freq", rx.freq());
        t.put("rfch", 0);
        t.put("powe", txPower);
        t.put("modu", rx.modu() == null ? "LORA" : rx.modu());
        t.put("datr", rx.datr());
        t.put("codr", "4/5");
        t.put("ipol", true);
        t.put("size", phy.length);
        t.put("data", Base64.getEncoder().encodeToString(phy));
        return root;
    }

    private void fail(Queued q, String why) {
        if (q == null) {
            LOG.debug("no ACK sent: {}", why);
            return;
        }
        tracker.report(new DownlinkOutcome(q.key(), DownlinkOutcome.FAILED, why));
    }
}
