package dev.estuary.bench.load;

import dev.estuary.core.internal.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run of the load generator: connects, subscribes and publishes as its {@link LoadGen} options say, measures
 * a steady-state window after a warm-up, drains, and returns the JSON result line. Connections share one Netty
 * event loop group (io_uring or epoll when available, see {@code --transport}) with pooled buffers.
 */
final class LoadRun implements AutoCloseable {
    private static final int MAX_PENDING_CONNECTS = 500;
    private static final int FILTERS_PER_SUBSCRIBE = 100;

    private final LoadGen o;
    private final Stats stats = new Stats();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final ProcSampler broker;
    private final ProcSampler self = ProcSampler.self();
    private final List<Client> publishers = new ArrayList<>();
    private final List<Client> subscribers = new ArrayList<>();
    private final List<Client> others = new ArrayList<>();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final java.util.Set<Client> parkedSet = ConcurrentHashMap.newKeySet();
    private volatile boolean publishing;
    private volatile boolean ending;
    /** False when the delivered payloads carry no send time (an adapter's envelope): no latency is recorded. */
    private volatile boolean payloadTimestamps = true;
    /** True when the delivered JSON's "value" is the send time in ms since {@link #epochNanos} (lwm2m-up). */
    private volatile boolean valueTimestamps;
    /** The origin of the send times carried in values. */
    private final long epochNanos = System.nanoTime();

    LoadRun(LoadGen options) {
        this.o = options;
        if (o.mode.endsWith("-up") && o.transport.equals("io_uring")) {
            // the uplink sources' device channels are epoll or NIO channels on the same event loops
            throw new IllegalArgumentException("--transport io_uring is for the MQTT modes; " + o.mode
                    + " runs on epoll (auto)");
        }
        Transports transports = Transports.select(o.transport);
        this.group = transports.newGroup(o.threads, "loadgen");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024));
        this.remote = new InetSocketAddress(o.host, o.port);
        this.broker = o.brokerPid > 0 ? new ProcSampler(o.brokerPid) : null;
        log("loadgen %s -> %s:%d (%s, %d thread%s)", o.mode, o.host, o.port, transports.name(), o.threads,
                o.threads == 1 ? "" : "s");
    }

    Stats stats() {
        return stats;
    }

    boolean publishing() {
        return publishing;
    }

    boolean payloadTimestamps() {
        return payloadTimestamps;
    }

    boolean valueTimestamps() {
        return valueTimestamps;
    }

    long epochNanos() {
        return epochNanos;
    }

    // ------------------------------------------------------------------ closed-loop window

    /** Takes {@code n} deliveries from the window; false when it is full (the publisher parks). */
    boolean reserve(int n) {
        if (stats.outstanding.get() >= o.window) {
            return false;
        }
        stats.outstanding.addAndGet(n);
        return true;
    }

    void parked(Client c) {
        parkedSet.add(c);
        parkedCount.incrementAndGet();
        if (stats.outstanding.get() < o.window) {
            wake(); // deliveries drained between the failed reserve and now: nobody else would wake it
        }
    }

    /** After a read batch on any connection: wakes parked publishers once the window has room. */
    void afterReads() {
        if (parkedCount.get() > 0 && stats.outstanding.get() < o.window * 3L / 4) {
            wake();
        }
    }

    private void wake() {
        for (Client c : parkedSet) {
            if (parkedSet.remove(c)) {
                parkedCount.decrementAndGet();
                c.unpark();
            }
        }
    }

    void closed(Client c) {
        if (!ending) {
            stats.closedUnexpectedly.increment();
        }
    }

    // ------------------------------------------------------------------ the run

    String execute() throws Exception {
        switch (o.mode) {
            case "conn":
            case "idle":
                return runConnections();
            case "retained":
                return runRetained();
            case "coap-up":
            case "tcp-up":
            case "lorawan-up":
            case "lwm2m-up":
                return runUplinks();
            default:
                return runPubSub();
        }
    }

    private String runPubSub() throws Exception {
        preload();
        for (int j = 0; j < o.subs; j++) {
            subscribers.add(new Client(this, o.idPrefix + "s" + j, o.keepalive));
        }
        connectAll(subscribers, 0);
        List<CompletableFuture<Void>> subacks = new ArrayList<>();
        for (int j = 0; j < subscribers.size(); j++) {
            subacks.add(subscribers.get(j).subscribe(List.of(o.filter.replace("%i", Integer.toString(j))), o.subQos,
                    1));
        }
        await(subacks, 60);
        for (int i = 0; i < o.pubs; i++) {
            Client c = new Client(this, o.idPrefix + "p" + i, o.keepalive);
            c.publishes(new PublishTemplate(o.topic.replace("%i", Integer.toString(i)), o.qos, false, o.size),
                    o.qos, o.fanout, o.inflight);
            publishers.add(c);
        }
        connectAll(publishers, 0);
        log("%d subscribers, %d publishers connected; publishing %s", subscribers.size(), publishers.size(),
                o.rate > 0 ? o.rate + " msg/s each" : "closed loop, window " + o.window);

        publishing = true;
        long start = System.nanoTime();
        for (int i = 0; i < publishers.size(); i++) {
            Client c = publishers.get(i);
            if (o.rate > 0) {
                c.startRate(o.rate, (long) (1e9 / o.rate * i / publishers.size()));
            } else {
                c.startClosedLoop();
            }
        }
        progressUntil(start, o.warmup);
        Snapshot a = snapshot();
        stats.latencyInterval(); // discard the warm-up
        progressUntil(start, o.warmup + o.duration);
        Snapshot b = snapshot();
        Histogram latency = stats.latencyInterval();
        publishing = false;
        long expected = drain();

        JsonLine j = common();
        double seconds = (b.at - a.at) / 1e9;
        long deliveredInWindow = b.received - a.received;
        long sent = stats.sent.sum();
        long received = stats.received.sum();
        j.put("sent", sent).put("received", received).put("acked", stats.acked.sum());
        j.put("sent_per_s", (b.sent - a.sent) / seconds);
        j.put("delivered_per_s", deliveredInWindow / seconds);
        if (expected >= 0) {
            long lost = Math.max(0, expected - received);
            j.put("lost", lost).put("loss_pct", expected == 0 ? 0 : 100.0 * lost / expected);
        }
        latencyFields(j, "lat", latency);
        resourceFields(j, a, b, deliveredInWindow);
        log("delivered %.0f msg/s, p50 %.3f ms, p99 %.3f ms", deliveredInWindow / seconds,
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6);
        return j.toString();
    }

    /** Waits for stragglers; returns the deliveries expected in total, or -1 when unknown (fanout 0). */
    private long drain() {
        long expected = o.fanout > 0 ? stats.sent.sum() * o.fanout : -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drain);
        while (System.nanoTime() < deadline) {
            boolean deliveredAll = expected < 0 || stats.received.sum() >= expected;
            boolean ackedAll = o.qos == 0 || stats.acked.sum() >= stats.sent.sum();
            if (deliveredAll && ackedAll) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return expected;
    }

    private String runRetained() throws Exception {
        for (int j = 0; j < o.subs; j++) {
            subscribers.add(new Client(this, o.idPrefix + "s" + j, o.keepalive));
        }
        Client pub = new Client(this, o.idPrefix + "p0", o.keepalive);
        publishers.add(pub);
        connectAll(subscribers, 0);
        connectAll(publishers, 0);
        List<PublishTemplate> retained = new ArrayList<>();
        for (int i = 0; i < o.retainedTopics; i++) {
            retained.add(new PublishTemplate(o.topic.replace("%i", Integer.toString(i)), 1, true, o.size));
        }
        pub.publishAll(retained).get(60, TimeUnit.SECONDS);
        log("%d retained messages stored; %d subscribers x %d rounds", retained.size(), subscribers.size(),
                o.retainedRounds);
        Snapshot a = snapshot();
        long busyNanos = 0;
        long perRound = (long) o.retainedTopics * subscribers.size();
        for (int r = 0; r < o.retainedRounds; r++) {
            long before = stats.received.sum();
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> subacks = new ArrayList<>();
            for (Client s : subscribers) {
                subacks.add(s.subscribe(List.of(o.filter), o.subQos, 1));
            }
            await(subacks, 60);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (stats.received.sum() - before < perRound && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            busyNanos += System.nanoTime() - t0;
            log("round %d: %d of %d retained deliveries in %.1f ms", r + 1, stats.received.sum() - before, perRound,
                    (System.nanoTime() - t0) / 1e6);
            List<CompletableFuture<Void>> unsubacks = new ArrayList<>();
            for (Client s : subscribers) {
                unsubacks.add(s.unsubscribe(o.filter));
            }
            await(unsubacks, 60);
        }
        Snapshot b = snapshot();
        long received = stats.received.sum();
        long expected = perRound * o.retainedRounds;
        JsonLine j = common();
        j.put("retained_topics", o.retainedTopics).put("rounds", o.retainedRounds);
        j.put("received", received).put("delivered_per_s", received / (busyNanos / 1e9));
        j.put("lost", Math.max(0, expected - received))
                .put("loss_pct", expected == 0 ? 0 : 100.0 * Math.max(0, expected - received) / expected);
        resourceFields(j, a, b, received);
        log("retained: %.0f deliveries/s", received / (busyNanos / 1e9));
        return j.toString();
    }

    /**
     * An adapter's uplink path: devices of one protocol send uplinks at a fixed total rate ({@code --uplink-rate},
     * open loop, paced every millisecond on the generator's event loop) and one MQTT subscriber on
     * {@code devices/{adapter}/+/up/#} counts what arrives. Reports uplinks sent and delivered per second in the
     * measured window, loss, protocol answers, latency (where the payload passes through unchanged, or, for LwM2M,
     * the send time is the value the gateway publishes), and what the source measured while starting (LwM2M
     * registrations).
     */
    private String runUplinks() throws Exception {
        InetSocketAddress target = new InetSocketAddress(o.host, o.adapterPort);
        String devPrefix = o.idPrefix + "d";
        UplinkSource source = switch (o.mode) {
            case "coap-up" -> new CoapUplinks(target, o.devices, o.size, devPrefix);
            case "tcp-up" -> new TcpUplinks(target, o.devices, o.size, devPrefix);
            case "lwm2m-up" -> new Lwm2mUplinks(target, o.devices, devPrefix, o.lwm2mCon, o.lwm2mWindow,
                    epochNanos);
            default -> new HttpUplinks(target, o.devices, o.httpConns, o.httpPath, o.httpSecret);
        };
        payloadTimestamps = source.payloadTimestamps();
        valueTimestamps = source.valueTimestamps();
        try (source) {
            Client sub = new Client(this, o.idPrefix + "s0", o.keepalive);
            subscribers.add(sub);
            connectAll(subscribers, 0);
            await(List.of(sub.subscribe(List.of("devices/" + source.adapter() + "/+/up/#"), o.subQos, 1)), 60);
            if (o.mode.equals("tcp-up") || o.mode.equals("lorawan-up")) {
                // the gateway opens its MQTT port before its plugins have started their listeners
                awaitListening(target, 60);
            }
            source.start(group);
            long initial = initialUplinks(source.initialUplinks());
            log("%d %s devices and 1 MQTT subscriber ready; sending %d uplinks/s", o.devices, source.adapter(),
                    o.uplinkRate);
            publishing = true;
            long start = System.nanoTime();
            long[] sentTotal = new long[1];
            long maxPerTick = Math.max(64, o.uplinkRate / 100);
            io.netty.channel.EventLoop loop = group.next();
            io.netty.util.concurrent.ScheduledFuture<?> pacer = loop.scheduleAtFixedRate(() -> {
                if (!publishing) {
                    return;
                }
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * o.uplinkRate) - sentTotal[0];
                if (due > 0) {
                    int n = source.send((int) Math.min(due, maxPerTick), now);
                    source.flush();
                    sentTotal[0] += n;
                    stats.sent.add(n);
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            progressUntil(start, o.warmup);
            Snapshot a = snapshot();
            stats.latencyInterval();
            progressUntil(start, o.warmup + o.duration);
            Snapshot b = snapshot();
            Histogram latency = stats.latencyInterval();
            publishing = false;
            pacer.cancel(false);
            long expected = drain();

            JsonLine j = common();
            double seconds = (b.at - a.at) / 1e9;
            long deliveredInWindow = b.received - a.received;
            long sent = stats.sent.sum();
            long received = stats.received.sum();
            j.put("adapter", source.adapter()).put("devices", o.devices).put("uplink_rate", o.uplinkRate);
            j.put("sent", sent).put("received", received);
            j.put("answered", source.answered()).put("answer_failed", source.failed());
            source.report(j);
            if (initial > 0) {
                j.put("initial_uplinks", initial);
            }
            j.put("sent_per_s", (b.sent - a.sent) / seconds);
            j.put("delivered_per_s", deliveredInWindow / seconds);
            long lost = Math.max(0, expected - received);
            j.put("lost", lost).put("loss_pct", expected == 0 ? 0 : 100.0 * lost / expected);
            if (payloadTimestamps || valueTimestamps) {
                latencyFields(j, "lat", latency);
            }
            resourceFields(j, a, b, deliveredInWindow);
            log("%s: sent %.0f/s, delivered %.0f uplinks/s, lost %d (%.2f%%), answers ok %d failed %d",
                    source.adapter(), (b.sent - a.sent) / seconds, deliveredInWindow / seconds, lost,
                    expected == 0 ? 0 : 100.0 * lost / expected, source.answered(), source.failed());
            return j.toString();
        }
    }

    /**
     * Waits until the subscriber got the {@code expected} uplinks the devices caused while starting (LwM2M observe
     * answers), then takes them out of the received count so that it counts only what was sent; returns how many
     * were taken out.
     */
    private long initialUplinks(long expected) {
        if (expected <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stats.received.sum() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        long seen = stats.received.sum();
        stats.received.add(-seen); // exact even if one arrives meanwhile: LongAdder.add is atomic per cell
        if (seen != expected) {
            log("expected %d uplinks from the devices' start, got %d", expected, seen);
        }
        return seen;
    }

    private String runConnections() throws Exception {
        if (o.warmupConns > 0) {
            List<Client> warm = new ArrayList<>();
            for (int i = 0; i < o.warmupConns; i++) {
                warm.add(new Client(this, o.idPrefix + "w" + i, o.keepalive));
            }
            connectAll(warm, o.connRate);
            List<io.netty.channel.ChannelFuture> closes = new ArrayList<>();
            for (Client c : warm) {
                if (c.channel != null) {
                    c.closing = true; // not counted as closed unexpectedly
                    closes.add(c.channel.close());
                }
            }
            closes.forEach(f -> f.awaitUninterruptibly(5, TimeUnit.SECONDS));
            stats.connectLatencyInterval();
            stats.connectFailures.reset();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // the broker finishes the closes
            log("%d warm-up connections opened and closed", warm.size());
        }
        ProcSampler.Sample base = brokerSample();
        ProcSampler.Sample selfBase = self.sample();
        for (int i = 0; i < o.conns; i++) {
            others.add(new Client(this, o.idPrefix + "c" + i, o.keepalive));
        }
        long t0 = System.nanoTime();
        int connected = connectAll(others, o.connRate);
        long connectNanos = System.nanoTime() - t0;
        ProcSampler.Sample afterConnect = brokerSample();
        Histogram connectLatency = stats.connectLatencyInterval();
        log("%d of %d connected in %.1f s (%.0f/s)", connected, o.conns, connectNanos / 1e9,
                connected / (connectNanos / 1e9));
        long holdEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.hold);
        long nextPing = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, o.keepalive / 2));
        while (System.nanoTime() < holdEnd) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            if (System.nanoTime() > nextPing) {
                others.forEach(Client::ping);
                nextPing += TimeUnit.SECONDS.toNanos(Math.max(1, o.keepalive / 2));
            }
        }
        ProcSampler.Sample held = brokerSample();
        ProcSampler.Sample selfHeld = self.sample();
        long stillOpen = others.stream().filter(c -> c.channel != null && c.channel.isActive()).count();

        JsonLine j = common();
        j.put("conns", o.conns).put("connected", connected).put("connect_failed", stats.connectFailures.sum());
        j.put("still_open", stillOpen).put("conn_per_s", connected / (connectNanos / 1e9));
        latencyFields(j, "connect", connectLatency);
        if (base != null && held != null) {
            j.put("broker_rss_kib_before", base.rssKib()).put("broker_rss_kib", held.rssKib());
            if (connected > 0) {
                j.put("broker_rss_bytes_per_conn", (held.rssKib() - base.rssKib()) * 1024.0 / connected);
                j.put("broker_cpu_us_per_conn", afterConnect.cpuNanosSince(base) / 1e3 / connected);
            }
            j.put("broker_cpu_pct_hold", held.cpuPercentSince(afterConnect));
        }
        j.put("gen_cpu_pct", selfHeld.cpuPercentSince(selfBase));
        return j.toString();
    }

    // ------------------------------------------------------------------ connections

    /**
     * Connects {@code clients} ({@code perSecond} 0: as fast as {@value #MAX_PENDING_CONNECTS} pending connects
     * allow) and waits for their CONNACKs; returns how many succeeded.
     */
    private int connectAll(List<Client> clients, int perSecond) throws InterruptedException {
        Semaphore pending = new Semaphore(MAX_PENDING_CONNECTS);
        AtomicInteger ok = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Client>> all = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            pending.acquire();
            Client c = clients.get(i);
            Bootstrap b = bootstrap.clone().handler(c);
            InetSocketAddress local = localAddress(i);
            (local == null ? b.connect(remote) : b.connect(remote, local)).addListener(f -> {
                if (!f.isSuccess()) {
                    c.connected.completeExceptionally(f.cause());
                }
            });
            CompletableFuture<Client> f = c.connected.orTimeout(20, TimeUnit.SECONDS).whenComplete((v, e) -> {
                pending.release();
                if (e == null) {
                    ok.incrementAndGet();
                } else {
                    stats.connectFailures.increment();
                    if (stats.connectFailures.sum() <= 5) {
                        log("connect of %s failed: %s", c.clientId, e);
                    }
                }
            });
            all.add(f);
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // counted per client above
        }
        return ok.get();
    }

    /** 127.0.0.2, .3, ... in turn, so that more than one port range is available; null when not on loopback. */
    private InetSocketAddress localAddress(int i) {
        if (o.sourceAddrs <= 0 || !remote.getAddress().isLoopbackAddress()) {
            return null;
        }
        return new InetSocketAddress("127.0.0." + (2 + i % o.sourceAddrs), 0);
    }

    /** Puts {@code --preload-subs} subscriptions that match nothing into the broker's tree. */
    private void preload() throws Exception {
        if (o.preloadSubs <= 0) {
            return;
        }
        int conns = Math.max(1, (o.preloadSubs + 99_999) / 100_000);
        List<Client> pre = new ArrayList<>();
        for (int k = 0; k < conns; k++) {
            pre.add(new Client(this, o.idPrefix + "pre" + k, 0));
        }
        connectAll(pre, 0);
        others.addAll(pre);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int k = 0; k < conns; k++) {
            List<String> filters = new ArrayList<>();
            for (int i = k; i < o.preloadSubs; i += conns) {
                // the shape of the JMH tree: wide levels, exact filters, a few root wildcards
                String tail = (i / 1000) + "/" + (i % 1000);
                filters.add(i % 100 == 2 ? "+/" + tail : "bench/" + tail);
            }
            acks.add(pre.get(k).subscribe(filters, 0, FILTERS_PER_SUBSCRIBE));
        }
        await(acks, 900);
        log("preloaded %d subscriptions in %.1f s", o.preloadSubs, (System.nanoTime() - t0) / 1e9);
    }

    /** Waits until {@code address} accepts TCP connections (an adapter's listener starting up). */
    private static void awaitListening(InetSocketAddress address, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(address, 1000);
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nothing listens on " + address + " after " + seconds + " s", e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static void await(List<CompletableFuture<Void>> futures, int seconds) throws Exception {
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(seconds, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ measurement

    private record Snapshot(long at, long sent, long received, ProcSampler.Sample broker, ProcSampler.Sample self) {
    }

    private Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), stats.sent.sum(), stats.received.sum(), brokerSample(),
                self.sample());
    }

    private ProcSampler.Sample brokerSample() {
        return broker == null ? null : broker.sample();
    }

    private void progressUntil(long start, int seconds) {
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long lastSent = stats.sent.sum();
        long lastReceived = stats.received.sum();
        long last = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            LockSupport.parkNanos(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
            long t = System.nanoTime();
            long s = stats.sent.sum();
            long r = stats.received.sum();
            double dt = (t - last) / 1e9;
            log("t=%4.1fs sent %8.0f/s received %8.0f/s outstanding %d", (t - start) / 1e9, (s - lastSent) / dt,
                    (r - lastReceived) / dt, stats.outstanding.get());
            lastSent = s;
            lastReceived = r;
            last = t;
        }
    }

    private JsonLine common() {
        return new JsonLine()
                .put("tool", "estuary-loadgen").put("mode", o.mode).put("broker", o.label)
                .put("pubs", o.pubs).put("subs", o.subs).put("qos", o.qos).put("sub_qos", o.subQos)
                .put("size", o.size).put("rate_per_pub", o.rate).put("window", o.window)
                .put("warmup_s", o.warmup).put("duration_s", o.duration).put("preload_subs", o.preloadSubs)
                .put("connect_failed", stats.connectFailures.sum())
                .put("closed_unexpectedly", stats.closedUnexpectedly.sum());
    }

    private static void latencyFields(JsonLine j, String prefix, Histogram h) {
        j.put(prefix + "_count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return;
        }
        j.put(prefix + "_p50_ms", h.getValueAtPercentile(50) / 1e6)
                .put(prefix + "_p99_ms", h.getValueAtPercentile(99) / 1e6)
                .put(prefix + "_p999_ms", h.getValueAtPercentile(99.9) / 1e6)
                .put(prefix + "_max_ms", h.getMaxValue() / 1e6);
    }

    private static void resourceFields(JsonLine j, Snapshot a, Snapshot b, long delivered) {
        double genCpu = b.self.cpuPercentSince(a.self);
        j.put("gen_cpu_pct", genCpu);
        if (a.broker != null && b.broker != null) {
            long cpu = b.broker.cpuNanosSince(a.broker);
            j.put("broker_cpu_pct", b.broker.cpuPercentSince(a.broker));
            j.put("broker_cpu_us_per_msg", delivered == 0 ? Double.NaN : cpu / 1e3 / delivered);
            j.put("broker_rss_kib", b.broker.rssKib());
        }
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    @Override
    public void close() {
        ending = true;
        publishing = false;
        for (List<Client> l : List.of(publishers, subscribers, others)) {
            l.forEach(Client::disconnect);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
