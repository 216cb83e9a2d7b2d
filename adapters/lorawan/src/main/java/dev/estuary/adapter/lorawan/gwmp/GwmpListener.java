package dev.estuary.adapter.lorawan.gwmp;

import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.abp.AbpDevice;
import dev.estuary.adapter.lorawan.abp.AbpFrameHandler;
import dev.estuary.adapter.lorawan.abp.AbpKeyStore;
import dev.estuary.adapter.lorawan.config.GwmpConfig;
import dev.estuary.adapter.lorawan.config.LorawanConfig;
import dev.estuary.adapter.lorawan.device.DeviceHub;
import dev.estuary.adapter.lorawan.device.DeviceSessions;
import dev.estuary.adapter.lorawan.downlink.DownlinkTracker;
import dev.estuary.core.spi.AdapterContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Semtech UDP packet-forwarder listener: binds the UDP port, loads the ABP sessions from the store, and hands
 * datagrams to a {@link GwmpHandler}. Store writes (frame counters, reloads) run on one thread of their own, never
 * on the event loop.
 */
public final class GwmpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GwmpListener.class);

    private final GwmpConfig config;
    private final AdapterContext context;
    private final EventLoopGroup group;
    private final AbpKeyStore keys;
    private final AbpFrameHandler frames;
    private final GatewayRegistry gateways;
    private final GwmpHandler handler;
    private final ClassADownlinks downlinks;
    private final ExecutorService storeExecutor;
    private final java.util.Map<String, String> sessions = new java.util.HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean reloadQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> reloader;
    private Channel channel;

    public GwmpListener(LorawanConfig config, AdapterContext context, DeviceHub hub, DeviceSessions sessions,
                        LorawanMetrics metrics, EventLoopGroup group, Clock clock, DownlinkTracker tracker) {
        this.config = config.gwmp();
        this.context = context;
        this.group = group;
        this.keys = new AbpKeyStore(context.store());
        this.storeExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "estuary-lorawan-store");
            t.setDaemon(true);
            return t;
        });
        this.frames = new AbpFrameHandler(this.config.maxFcntGap(), config.dedupWindow(), clock,
                (devEui, fCnt) -> storeExecutor.execute(() -> saveCounter(devEui, fCnt)));
        this.gateways = new GatewayRegistry(sessions, clock, this.config.gatewayTimeout());
        this.downlinks = new ClassADownlinks(tracker, gateways,
                (devEui, fCnt) -> storeExecutor.execute(() -> saveDownCounter(devEui, fCnt)),
                this.config.rx1Delay().toNanos() / 1000, this.config.txPower());
        this.handler = new GwmpHandler(this.config, frames, gateways, downlinks, hub, metrics, this::reloadAsync);
    }

    /** Loads the ABP sessions (blocking, once) and binds. */
    public void start() throws InterruptedException {
        int n = reload();
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagramBytes()))
                .handler(handler);
        channel = b.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        long every = Math.max(1000, config.gatewayTimeout().toMillis() / 4);
        expiry = context.scheduler().scheduleWithFixedDelay(gateways::expire, every, every, TimeUnit.MILLISECONDS);
        long reloadEvery = config.abpReloadInterval().toMillis();
        reloader = context.scheduler().scheduleWithFixedDelay(this::reloadPeriodically, reloadEvery, reloadEvery,
                TimeUnit.MILLISECONDS);
        LOG.info("Semtech UDP packet forwarder listener on {}:{} ({} ABP devices)", config.bind(), port(), n);
    }

    /**
     * Reads every ABP device and its counters from the store into the frame handler. A device stored again since
     * the last reload (a new provisioning id, even with the same keys) starts from its stored counters.
     */
    private synchronized int reload() {
        java.util.List<AbpKeyStore.Entry> entries = keys.entries();
        java.util.Map<String, Long> up = keys.lastFCntsUp();
        java.util.Map<String, Long> down = keys.lastFCntsDown();
        java.util.List<AbpDevice> devices = new java.util.ArrayList<>();
        java.util.Set<String> reprovisioned = new java.util.HashSet<>();
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (AbpKeyStore.Entry e : entries) {
            String devEui = e.device().devEui();
            devices.add(e.device());
            seen.put(devEui, e.session());
            String before = sessions.get(devEui);
            if (before != null && !before.equals(e.session())) {
                reprovisioned.add(devEui);
            }
        }
        sessions.clear();
        sessions.putAll(seen);
        frames.sync(devices, devEui -> up.getOrDefault(devEui, -1L), reprovisioned);
        for (AbpDevice d : devices) {
            long last = down.getOrDefault(d.devEui(), -1L);
            if (reprovisioned.contains(d.devEui())) {
                downlinks.resetFCntDown(d.devEui(), last);
            } else {
                downlinks.restoreFCntDown(d.devEui(), last);
            }
        }
        return devices.size();
    }

    /**
     * Every {@code abp_reload_interval}: devices deleted or provisioned again are only noticed by a reload (their
     * frames still verify with the keys in memory). Runs on the store thread; skipped while one is queued.
     */
    private void reloadPeriodically() {
        if (!reloadQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            storeExecutor.execute(() -> {
                reloadQueued.set(false);
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.error("reloading ABP sessions failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            reloadQueued.set(false);
        }
    }

    /**
     * Reloads on the store thread, then runs {@code then} on the event loop (an unknown DevAddr or a failing MIC may
     * be a device added or re-keyed since).
     */
    private void reloadAsync(Runnable then) {
        storeExecutor.execute(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.error("reloading ABP sessions failed", e);
            }
            group.execute(then);
        });
    }

    private void saveCounter(String devEui, long fCnt) {
        try {
            keys.saveFCntUp(devEui, fCnt);
        } catch (RuntimeException e) {
            LOG.error("saving the frame counter of {} failed", devEui, e);
        }
    }

    private void saveDownCounter(String devEui, long fCnt) {
        try {
            keys.saveFCntDown(devEui, fCnt);
        } catch (RuntimeException e) {
            LOG.error("saving the downlink frame counter of {} failed", devEui, e);
        }
    }

    /** Class A downlinks through the gateways (the downlink sender of network server {@code gwmp}). */
    public ClassADownlinks downlinks() {
        return downlinks;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public GatewayRegistry gateways() {
        return gateways;
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (reloader != null) {
            reloader.cancel(false);
        }
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        storeExecutor.shutdown();
        try {
            storeExecutor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
