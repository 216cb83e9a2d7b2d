package dev.estuary.bench.load;

import dev.estuary.bench.load.CoapCodec.Message;
import dev.estuary.bench.load.CoapCodec.Option;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * LwM2M 1.1 devices on plain CoAP (UDP), each with its own socket, written from RFC 7252/7641 and the LwM2M
 * transport spec rather than with a CoAP library. {@link #start} registers every device ({@code POST
 * /rd?ep=...}, at most {@code window} registrations in flight) and waits until the gateway, configured with
 * {@code auto_observe: ["/3303/0/5700"]}, has observed each device's temperature; {@link #send} then writes
 * notifications round-robin over the observed devices: NON (or CON) 2.05 responses with the observation's token,
 * pre-encoded per device, with only the message id, the Observe sequence number and the value patched.
 *
 * <p>The value is the send time: milliseconds since the run's epoch with microsecond decimals, fixed width
 * ({@code 0012345.678}); the gateway publishes it as the JSON {@code "value"} of the uplink, where
 * {@link #sentNanos} reads it back for the latency.
 *
 * <p>Threads: each device's handler runs on its channel's event loop; {@link #send} on the run's pacer loop. The
 * notification template is handed over through a volatile field; the message id counter is atomic (it is shared
 * with the rare messages a device sends from its handler); sequence numbers belong to {@link #send}.
 */
final class Lwm2mUplinks implements UplinkSource {
    /** The observed resource: IPSO temperature sensor value. */
    static final String OBSERVED = "3303/0/5700";
    /** Bytes of the value text: {@code DDDDDDD.DDD} milliseconds. */
    static final int VALUE_LEN = 11;
    static final byte[] LINKS = "</>;rt=\"oma.lwm2m\",</1/0>,</3/0>,</3303/0>".getBytes(StandardCharsets.US_ASCII);
    private static final int LIFETIME_S = 300;
    /** REGISTER retransmission delays (RFC 7252 ACK_TIMEOUT 2 s doubled, MAX_RETRANSMIT 4). */
    private static final long[] RETRANSMIT_MS = {2_000, 4_000, 8_000, 16_000};
    private static final byte[] VALUE_KEY = "\"value\":".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress remote;
    private final int devices;
    private final String idPrefix;
    private final boolean confirmable;
    private final int window;
    private final long epochNanos;
    private final long timeoutNanos;

    private Device[] all = new Device[0];
    private Device[] active = new Device[0];
    private boolean[] touched = new boolean[0];
    private int next;
    private final byte[] value = new byte[VALUE_LEN];

    private final LongAdder ok = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger registrationFailed = new AtomicInteger();
    private final AtomicInteger observed = new AtomicInteger();
    private final AtomicLong lastCreatedNanos = new AtomicLong();
    private volatile String firstFailure;
    private long firstRegisterNanos;

    /**
     * @param remote      the gateway's LwM2M CoAP listener
     * @param devices     devices to register
     * @param idPrefix    endpoint names are {@code idPrefix + index}
     * @param confirmable CON notifications (the gateway ACKs each) instead of NON
     * @param window      registrations in flight at most
     * @param epochNanos  {@link System#nanoTime} origin of the values
     */
    Lwm2mUplinks(InetSocketAddress remote, int devices, String idPrefix, boolean confirmable, int window,
                 long epochNanos) {
        this.remote = remote;
        this.devices = devices;
        this.idPrefix = idPrefix;
        this.confirmable = confirmable;
        this.window = Math.max(1, window);
        this.epochNanos = epochNanos;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(20L * devices);
    }

    @Override
    public String adapter() {
        return "lwm2m";
    }

    @Override
    public boolean payloadTimestamps() {
        return false;
    }

    @Override
    public boolean valueTimestamps() {
        return true;
    }

    @Override
    public long initialUplinks() {
        return observed.get();
    }

    // ------------------------------------------------------------------ setup

    @Override
    public void start(EventLoopGroup group) throws Exception {
        boolean epoll = Epoll.isAvailable();
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.SO_SNDBUF, 1 << 20);
        all = new Device[devices];
        for (int d = 0; d < devices; d++) {
            Device dev = new Device(d, idPrefix + d);
            dev.channel = b.clone().handler(dev).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            all[d] = dev;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Semaphore inFlight = new Semaphore(window);
        firstRegisterNanos = System.nanoTime();
        for (Device dev : all) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            dev.releaseWindow = inFlight::release;
            dev.channel.eventLoop().execute(dev::register);
        }
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("LwM2M devices not ready after " + timeoutNanos / 1_000_000_000L
                        + " s: " + status() + " (is adapters.lwm2m.auto_observe [\"/" + OBSERVED + "\"] set?)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (observed.get() == 0) {
            throw new IllegalStateException("no LwM2M device is ready: " + status());
        }
        List<Device> ready = new ArrayList<>();
        for (Device dev : all) {
            if (dev.notification != null) {
                ready.add(dev);
            }
        }
        active = ready.toArray(new Device[0]);
        touched = new boolean[active.length];
        LoadRun.log("LwM2M: %s; %.0f registrations/s", status(), registrationsPerSecond());
    }

    /** Every device either failed to register, or registered and was observed. */
    private boolean ready() {
        int reg = registered.get();
        return reg + registrationFailed.get() >= devices && observed.get() >= reg;
    }

    private String status() {
        String s = String.format(Locale.ROOT, "%d of %d devices registered, %d observed, %d registrations failed",
                registered.get(), devices, observed.get(), registrationFailed.get());
        return firstFailure == null ? s : s + " (first: " + firstFailure + ")";
    }

    private double registrationsPerSecond() {
        long nanos = lastCreatedNanos.get() - firstRegisterNanos;
        return nanos <= 0 ? 0 : registered.get() / (nanos / 1e9);
    }

    @Override
    public void report(JsonLine j) {
        j.put("registrations", registered.get()).put("registration_failed", registrationFailed.get());
        j.put("registration_s", Math.max(0, lastCreatedNanos.get() - firstRegisterNanos) / 1e9);
        j.put("registrations_per_s", registrationsPerSecond());
        j.put("observed", observed.get()).put("notification_type", confirmable ? "CON" : "NON");
    }

    // ------------------------------------------------------------------ notifications

    /** A device's pre-encoded notification for one observation, and where its variable fields are. */
    record Notification(byte[] bytes, byte[] token, int observeAt, int valueAt) {
        /** Observe sequence number of the observe answer; notifications continue after it. */
        static final int FIRST_SEQ = 1;

        static Notification of(byte[] token, boolean confirmable) {
            List<Option> options = List.of(new Option(CoapCodec.OBSERVE, new byte[3]),
                    Option.uint(CoapCodec.CONTENT_FORMAT, CoapCodec.TEXT_PLAIN));
            byte[] bytes = CoapCodec.encode(confirmable ? CoapCodec.CON : CoapCodec.NON, CoapCodec.CONTENT, 0, token,
                    options, new byte[VALUE_LEN]);
            return new Notification(bytes, token, 4 + token.length + 1, bytes.length - VALUE_LEN);
        }

        /** Patches message id, Observe value (24 bits, fixed 3 bytes) and value text into a copy at {@code buf}. */
        void writeTo(ByteBuf buf, int mid, int seq, byte[] value) {
            int at = buf.writerIndex();
            buf.writeBytes(bytes);
            buf.setShort(at + 2, mid);
            buf.setMedium(at + observeAt, seq);
            buf.setBytes(at + valueAt, value);
        }
    }

    @Override
    public int send(int n, long nanoTime) {
        Device[] devs = active;
        if (devs.length == 0) {
            return 0;
        }
        formatValue(nanoTime - epochNanos, value);
        int written = 0;
        int skipped = 0; // in a row: a whole round of devices that cannot take one ends the call
        while (written < n && skipped < devs.length) {
            int d = next;
            next = next + 1 == devs.length ? 0 : next + 1;
            Device dev = devs[d];
            Notification tpl = dev.notification;
            Channel ch = dev.channel;
            if (tpl == null || !ch.isWritable()) {
                skipped++;
                continue;
            }
            skipped = 0;
            if (tpl != dev.current) { // a new observation: its sequence starts after its answer's
                dev.current = tpl;
                dev.seq = Notification.FIRST_SEQ;
            }
            dev.seq = (dev.seq + 1) & 0xFFFFFF;
            ByteBuf buf = ch.alloc().directBuffer(tpl.bytes.length);
            tpl.writeTo(buf, dev.nextMid(), dev.seq, value);
            ch.write(new DatagramPacket(buf, remote), ch.voidPromise());
            touched[d] = true;
            written++;
        }
        return written;
    }

    @Override
    public void flush() {
        Device[] devs = active;
        for (int d = 0; d < devs.length; d++) {
            if (touched[d]) {
                touched[d] = false;
                devs[d].channel.flush();
            }
        }
    }

    /** CON {@code POST /rd?ep=...&lt=300&lwm2m=1.1&b=U} with the object links (LwM2M 1.1 transport §6.2.1). */
    static byte[] registerRequest(String endpoint, int mid, byte[] token) {
        List<Option> options = List.of(Option.text(CoapCodec.URI_PATH, "rd"),
                Option.uint(CoapCodec.CONTENT_FORMAT, CoapCodec.LINK_FORMAT),
                Option.text(CoapCodec.URI_QUERY, "ep=" + endpoint),
                Option.text(CoapCodec.URI_QUERY, "lt=" + LIFETIME_S),
                Option.text(CoapCodec.URI_QUERY, "lwm2m=1.1"),
                Option.text(CoapCodec.URI_QUERY, "b=U"));
        return CoapCodec.encode(CoapCodec.CON, CoapCodec.POST, mid, token, options, LINKS);
    }

    /** Writes {@code nanos} as {@code DDDDDDD.DDD} milliseconds (modulo 10^7 ms, about 2.8 hours). */
    static void formatValue(long nanos, byte[] out) {
        long micros = Math.floorMod(nanos / 1_000, 10_000_000_000L);
        for (int i = VALUE_LEN - 1; i >= 0; i--) {
            if (i == VALUE_LEN - 4) {
                out[i] = '.';
            } else {
                out[i] = (byte) ('0' + micros % 10);
                micros /= 10;
            }
        }
    }

    /**
     * The send time carried in an uplink's JSON {@code "value"} (milliseconds since {@code epochNanos}, as the
     * gateway prints the number: {@code 12345.678} or {@code 1.2345678E7}), or {@link Long#MIN_VALUE} when
     * {@code in[from, to)} has no such number.
     */
    static long sentNanos(ByteBuf in, int from, int to, long epochNanos) {
        int q = indexOf(in, from, to);
        if (q < 0) {
            return Long.MIN_VALUE;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean point = false;
        for (; q < to; q++) {
            int c = in.getByte(q);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (point) {
                    fraction++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0 || digits > 18) {
            return Long.MIN_VALUE;
        }
        int exponent = 0;
        if (q < to && (in.getByte(q) == 'E' || in.getByte(q) == 'e')) {
            q++;
            boolean negative = q < to && in.getByte(q) == '-';
            if (q < to && (in.getByte(q) == '-' || in.getByte(q) == '+')) {
                q++;
            }
            int expDigits = 0;
            for (; q < to && in.getByte(q) >= '0' && in.getByte(q) <= '9' && expDigits < 3; q++, expDigits++) {
                exponent = exponent * 10 + (in.getByte(q) - '0');
            }
            if (expDigits == 0) {
                return Long.MIN_VALUE;
            }
            exponent = negative ? -exponent : exponent;
        }
        double millis = mantissa * Math.pow(10, exponent - fraction);
        return epochNanos + Math.round(millis * 1e6);
    }

    private static int indexOf(ByteBuf in, int from, int to) {
        outer:
        for (int i = from; i <= to - VALUE_KEY.length; i++) {
            for (int k = 0; k < VALUE_KEY.length; k++) {
                if (in.getByte(i + k) != VALUE_KEY[k]) {
                    continue outer;
                }
            }
            return i + VALUE_KEY.length;
        }
        return -1;
    }

    // ------------------------------------------------------------------ answers and teardown

    @Override
    public long answered() {
        return ok.sum();
    }

    @Override
    public long failed() {
        return bad.sum();
    }

    @Override
    public void close() {
        List<ChannelFuture> closes = new ArrayList<>();
        for (Device dev : all) {
            if (dev != null && dev.channel != null) {
                dev.channel.eventLoop().execute(dev::deregister);
                closes.add(dev.channel.closeFuture());
            }
        }
        closes.forEach(f -> f.awaitUninterruptibly(2, TimeUnit.SECONDS));
    }

    // ------------------------------------------------------------------ one device

    /** One device: its socket's handler, its registration, and its observation. */
    private final class Device extends SimpleChannelInboundHandler<DatagramPacket> {
        final int index;
        final String endpoint;
        Channel channel;
        Runnable releaseWindow = () -> { };

        /** Message ids of everything this device sends. */
        private final AtomicInteger mid;
        /** The current observation's template; null before the first observe and after a cancel. */
        volatile Notification notification;

        // owned by send()
        Notification current;
        int seq;

        // owned by the channel's event loop
        private byte[] registerToken;
        private byte[] register;
        private int registerMid = -1;
        private int attempts;
        private io.netty.util.concurrent.ScheduledFuture<?> retransmit;
        private boolean registerDone;
        private String location;
        private boolean everObserved;

        Device(int index, String endpoint) {
            this.index = index;
            this.endpoint = endpoint;
            this.mid = new AtomicInteger(index * 7919);
        }

        int nextMid() {
            return mid.incrementAndGet() & 0xFFFF;
        }

        void register() {
            registerToken = new byte[] {'R', (byte) (index >> 16), (byte) (index >> 8), (byte) index};
            registerMid = nextMid();
            register = registerRequest(endpoint, registerMid, registerToken);
            write(register, remote);
            scheduleRetransmit();
        }

        private void scheduleRetransmit() {
            retransmit = channel.eventLoop().schedule(() -> {
                if (registerDone) {
                    return;
                }
                if (attempts == RETRANSMIT_MS.length) {
                    registration(false, "no answer to REGISTER from " + remote + " after "
                            + (attempts + 1) + " attempts");
                    return;
                }
                attempts++;
                write(register, remote);
                scheduleRetransmit();
            }, RETRANSMIT_MS[attempts], TimeUnit.MILLISECONDS);
        }

        private void registration(boolean created, String failure) {
            if (registerDone) {
                return;
            }
            registerDone = true;
            if (retransmit != null) {
                retransmit.cancel(false);
            }
            if (created) {
                lastCreatedNanos.accumulateAndGet(System.nanoTime(), Math::max);
                registered.incrementAndGet();
            } else {
                if (firstFailure == null) {
                    firstFailure = endpoint + ": " + failure;
                }
                registrationFailed.incrementAndGet();
            }
            releaseWindow.run();
        }

        void deregister() {
            if (location != null && !location.isEmpty()) {
                List<Option> path = new ArrayList<>();
                for (String segment : location.split("/")) {
                    path.add(Option.text(CoapCodec.URI_PATH, segment));
                }
                write(CoapCodec.encode(CoapCodec.NON, CoapCodec.DELETE, nextMid(), new byte[] {'D'}, path, null),
                        remote);
            }
            channel.close();
        }

        private void write(byte[] bytes, InetSocketAddress to) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
        }

        private void empty(int type, int messageId, InetSocketAddress to) {
            write(CoapCodec.encode(type, CoapCodec.EMPTY, messageId, new byte[0], List.of(), null), to);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf in = packet.content();
            if (in.readableBytes() < 4) {
                return;
            }
            int first = in.getUnsignedByte(in.readerIndex());
            int type = first >> 4 & 3;
            int code = in.getUnsignedByte(in.readerIndex() + 1);
            int messageId = in.getUnsignedShort(in.readerIndex() + 2);
            if (code == CoapCodec.EMPTY) { // the hot path with CON notifications: their ACKs
                if (!registerDone && messageId == registerMid && (type == CoapCodec.ACK || type == CoapCodec.RST)) {
                    if (type == CoapCodec.RST) {
                        registration(false, "REGISTER reset by the server");
                    } else if (retransmit != null) {
                        retransmit.cancel(false); // empty ACK: a separate response follows
                    }
                } else if (type == CoapCodec.ACK) {
                    ok.increment();
                } else if (type == CoapCodec.RST) {
                    bad.increment();
                } else if (type == CoapCodec.CON) {
                    empty(CoapCodec.RST, messageId, packet.sender()); // CoAP ping (RFC 7252 §4.3)
                }
                return;
            }
            Message m;
            try {
                m = CoapCodec.parse(in);
            } catch (IllegalArgumentException e) {
                bad.increment();
                if (type == CoapCodec.CON) {
                    empty(CoapCodec.RST, messageId, packet.sender()); // RFC 7252 §4.2: reject
                }
                return;
            }
            if (m.isRequest()) {
                answer(m, packet.sender());
            } else if (m.isResponse()) {
                response(m, packet.sender());
            }
        }

        private void response(Message m, InetSocketAddress from) {
            boolean ours = !registerDone && Arrays.equals(m.token(), registerToken);
            if (m.type() == CoapCodec.CON) {
                // a separate response is acknowledged; one this device never asked for is rejected
                empty(ours ? CoapCodec.ACK : CoapCodec.RST, m.mid(), from);
            }
            if (!ours) {
                return; // e.g. the answer to DELETE /rd/... when closing
            }
            if (m.code() == CoapCodec.CREATED) {
                location = m.locationPath();
                registration(true, null);
            } else {
                registration(false, "REGISTER answered " + CoapCodec.codeText(m.code())
                        + (m.payload().length > 0 ? " " + new String(m.payload(), StandardCharsets.UTF_8) : ""));
            }
        }

        /** Answers a request of the server: piggy-backed on the ACK of a CON, as a NON to a NON. */
        private void answer(Message req, InetSocketAddress from) {
            boolean con = req.type() == CoapCodec.CON;
            int type = con ? CoapCodec.ACK : CoapCodec.NON;
            int messageId = con ? req.mid() : nextMid();
            List<Option> none = List.of();
            if (req.unknownCriticalOption() >= 0) {
                write(CoapCodec.encode(type, CoapCodec.BAD_OPTION, messageId, req.token(), none, null), from);
                return;
            }
            if (!req.uriPath().equals(OBSERVED)) {
                write(CoapCodec.encode(type, CoapCodec.NOT_FOUND, messageId, req.token(), none, null), from);
                return;
            }
            if (req.code() != CoapCodec.GET) {
                write(CoapCodec.encode(type, CoapCodec.METHOD_NOT_ALLOWED, messageId, req.token(), none, null),
                        from);
                return;
            }
            long accept = req.accept();
            if (accept >= 0 && accept != CoapCodec.TEXT_PLAIN) {
                write(CoapCodec.encode(type, CoapCodec.NOT_ACCEPTABLE, messageId, req.token(), none, null), from);
                return;
            }
            byte[] now = new byte[VALUE_LEN];
            formatValue(System.nanoTime() - epochNanos, now);
            List<Option> options = new ArrayList<>();
            options.add(Option.uint(CoapCodec.CONTENT_FORMAT, CoapCodec.TEXT_PLAIN));
            long observe = req.observe();
            Notification current = notification;
            if (observe == 0) {
                // a retransmitted GET of the current observation keeps its template (and so its sequence)
                if (current == null || !Arrays.equals(current.token(), req.token())) {
                    notification = Notification.of(req.token(), confirmable);
                    if (!everObserved) {
                        everObserved = true;
                        observed.incrementAndGet();
                    }
                }
                options.add(Option.uint(CoapCodec.OBSERVE, Notification.FIRST_SEQ));
            } else if (observe == 1 && current != null && Arrays.equals(current.token(), req.token())) {
                notification = null; // cancelled (RFC 7641 §3.6)
            }
            write(CoapCodec.encode(type, CoapCodec.CONTENT, messageId, req.token(), options, now), from);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            bad.increment(); // e.g. ICMP port unreachable: counted, the socket stays open
        }
    }
}
