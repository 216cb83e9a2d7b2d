package dev.estuary.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection of the load generator: its Netty handler and its state, confined to the channel's event
 * loop. It parses incoming packets in place (no packet objects), records the latency of each PUBLISH from the
 * timestamp in its payload, answers QoS 1 with PUBACKs gathered into one buffer per read batch, and, as a
 * publisher, writes bursts of pre-encoded PUBLISHes into one pooled buffer and one flush.
 *
 * <p>Publishing is either closed-loop (as fast as the run's window of undelivered messages, the QoS 1 inflight
 * limit and the socket allow) or open-loop at a fixed rate.
 */
final class Client extends ChannelInboundHandlerAdapter {
    /** Messages written per pump before yielding the event loop to other connections. */
    private static final int BURST = 32;

    private final LoadRun run;
    final String clientId;
    private final int keepAlive;
    final CompletableFuture<Client> connected = new CompletableFuture<>();
    private long connectStartNanos;
    Channel channel;
    /** Set before the generator closes this connection on purpose (warm-up connections). */
    volatile boolean closing;

    private final Cumulation cumulation = new Cumulation(256);
    private ByteBuf replies;
    private int nextPacketId;

    // subscriptions in flight: completed when every SUBACK (or UNSUBACK) came back
    private int pendingSubacks;
    private CompletableFuture<Void> subacked;

    // publisher state
    private PublishTemplate template;
    private int qos;
    private int fanout;
    private int maxInflight;
    private int inflight;
    private boolean pumpQueued;
    private boolean wantPump;
    private int pendingRetainedAcks;
    private CompletableFuture<Void> retainedAcked;
    private final Runnable pumpTask = () -> {
        pumpQueued = false;
        pump();
    };
    // open-loop rate
    private double messagesPerNano;
    private long rateStartNanos;
    private long sentCount;
    private final Runnable tickTask = this::tick;

    Client(LoadRun run, String clientId, int keepAlive) {
        this.run = run;
        this.clientId = clientId;
        this.keepAlive = keepAlive;
    }

    /** Makes this client a publisher of {@code template}; {@code fanout} deliveries are expected per message. */
    void publishes(PublishTemplate template, int qos, int fanout, int maxInflight) {
        this.template = template;
        this.qos = qos;
        this.fanout = fanout;
        this.maxInflight = maxInflight;
    }

    // ------------------------------------------------------------------ channel events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        connectStartNanos = System.nanoTime();
        ByteBuf buf = ctx.alloc().buffer(64);
        Wire.connect(buf, clientId, keepAlive, true);
        ctx.writeAndFlush(buf, ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = cumulation.merge((ByteBuf) msg);
        try {
            parse(in);
            cumulation.keep(ctx.alloc(), in);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (replies != null) {
            ByteBuf r = replies;
            replies = null;
            ctx.writeAndFlush(r, ctx.voidPromise());
        }
        if (wantPump) {
            wantPump = false;
            if (messagesPerNano == 0) {
                pump();
            }
        }
        run.afterReads();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && template != null && messagesPerNano == 0) {
            pump();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cumulation.release();
        if (replies != null) {
            replies.release();
            replies = null;
        }
        if (!connected.isDone()) {
            connected.completeExceptionally(new IllegalStateException(clientId + ": closed before CONNACK"));
        } else if (!closing) {
            run.closed(this);
        }
        if (subacked != null && !subacked.isDone()) {
            subacked.completeExceptionally(new IllegalStateException(clientId + ": closed before SUBACK"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!connected.isDone()) {
            connected.completeExceptionally(cause);
        }
        ctx.close();
    }

    // ------------------------------------------------------------------ parsing

    private void parse(ByteBuf in) {
        int end = in.writerIndex();
        while (true) {
            int start = in.readerIndex();
            if (end - start < 2) {
                return;
            }
            int remaining = 0;
            int shift = 0;
            int pos = start + 1;
            boolean complete = false;
            for (int k = 0; k < 4 && pos < end; k++) {
                int b = in.getUnsignedByte(pos++);
                remaining |= (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || end - pos < remaining) {
                return;
            }
            handle(in.getUnsignedByte(start), in, pos, remaining);
            in.readerIndex(pos + remaining);
        }
    }

    private void handle(int first, ByteBuf in, int body, int length) {
        switch (first >> 4) {
            case Wire.PUBLISH:
                onPublish(first, in, body, length);
                break;
            case Wire.PUBACK:
                inflight--;
                run.stats().acked.increment();
                wantPump = true;
                if (retainedAcked != null && --pendingRetainedAcks == 0) {
                    retainedAcked.complete(null);
                }
                break;
            case Wire.CONNACK:
                int rc = in.getUnsignedByte(body + 1);
                if (rc == 0) {
                    run.stats().connected(System.nanoTime() - connectStartNanos);
                    connected.complete(this);
                } else {
                    connected.completeExceptionally(new IllegalStateException(clientId + ": CONNACK " + rc));
                    channel.close();
                }
                break;
            case Wire.SUBACK:
                for (int i = body + 2; i < body + length; i++) {
                    if (in.getUnsignedByte(i) >= 0x80 && subacked != null) {
                        subacked.completeExceptionally(new IllegalStateException(clientId + ": subscription refused"));
                    }
                }
                subackReceived();
                break;
            case Wire.UNSUBACK:
                subackReceived();
                break;
            default:
                break; // PINGRESP
        }
    }

    private void onPublish(int first, ByteBuf in, int body, int length) {
        int pubQos = (first >> 1) & 3;
        int p = body + 2 + in.getUnsignedShort(body);
        int packetId = 0;
        if (pubQos > 0) {
            packetId = in.getUnsignedShort(p);
            p += 2;
        }
        long latency = -1;
        if (body + length - p >= 8 && run.payloadTimestamps()) {
            latency = System.nanoTime() - in.getLong(p);
        } else if (run.valueTimestamps()) {
            long sentAt = Lwm2mUplinks.sentNanos(in, p, body + length, run.epochNanos());
            if (sentAt != Long.MIN_VALUE) {
                latency = System.nanoTime() - sentAt;
            }
        }
        run.stats().delivered(latency);
        if (pubQos == 1) {
            if (replies == null) {
                replies = channel.alloc().buffer(256);
            }
            Wire.puback(replies, packetId);
        }
    }

    private void subackReceived() {
        if (--pendingSubacks == 0 && subacked != null) {
            subacked.complete(null);
        }
    }

    // ------------------------------------------------------------------ subscribe (setup phase, any thread)

    /** Sends SUBSCRIBEs for {@code filters}, {@code perPacket} filters each; completes when all are acknowledged. */
    CompletableFuture<Void> subscribe(List<String> filters, int qos, int perPacket) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subacked = done;
            ByteBuf buf = channel.alloc().buffer();
            for (int i = 0; i < filters.size(); i += perPacket) {
                pendingSubacks++;
                Wire.subscribe(buf, nextPacketId(), filters.subList(i, Math.min(filters.size(), i + perPacket)), qos);
            }
            channel.writeAndFlush(buf, channel.voidPromise());
        });
        return done;
    }

    CompletableFuture<Void> unsubscribe(String filter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            subacked = done;
            pendingSubacks++;
            ByteBuf buf = channel.alloc().buffer(64);
            Wire.unsubscribe(buf, nextPacketId(), filter);
            channel.writeAndFlush(buf, channel.voidPromise());
        });
        return done;
    }

    private int nextPacketId() {
        nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
        return nextPacketId;
    }

    // ------------------------------------------------------------------ publishing (event loop)

    /** Starts closed-loop publishing. */
    void startClosedLoop() {
        channel.eventLoop().execute(pumpTask);
    }

    /** Starts open-loop publishing at {@code perSecond}, the first message after {@code offsetNanos}. */
    void startRate(double perSecond, long offsetNanos) {
        messagesPerNano = perSecond / 1e9;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) (1e9 / perSecond));
        channel.eventLoop().schedule(() -> {
            rateStartNanos = System.nanoTime();
            tick();
            channel.eventLoop().scheduleAtFixedRate(tickTask, period, period, TimeUnit.NANOSECONDS);
        }, offsetNanos, TimeUnit.NANOSECONDS);
    }

    /** Sends the messages that are due at the fixed rate (those the window or socket hold back are late). */
    private void tick() {
        if (!run.publishing() || !channel.isActive()) {
            return;
        }
        long due = (long) ((System.nanoTime() - rateStartNanos) * messagesPerNano) + 1 - sentCount;
        if (due > 0) {
            write((int) Math.min(due, BURST * 8), false);
        }
    }

    /** Closed loop: writes a burst while everything allows, then yields and comes back. */
    private void pump() {
        if (!run.publishing() || template == null || !channel.isActive()) {
            return;
        }
        int n = write(BURST, true);
        if (n == BURST && !pumpQueued && channel.isWritable()) {
            pumpQueued = true;
            channel.eventLoop().execute(pumpTask);
        }
    }

    private int write(int max, boolean windowed) {
        if (!channel.isWritable()) {
            return 0;
        }
        ByteBuf buf = null;
        int n = 0;
        while (n < max) {
            if (qos > 0 && inflight >= maxInflight) {
                break;
            }
            if (windowed && fanout > 0 && !run.reserve(fanout)) {
                park();
                break;
            }
            if (buf == null) {
                buf = channel.alloc().directBuffer(template.size() * Math.min(max, BURST));
            }
            template.writeTo(buf, qos > 0 ? nextPacketId() : 0, System.nanoTime());
            if (qos > 0) {
                inflight++;
            }
            n++;
        }
        if (n > 0) {
            sentCount += n;
            run.stats().sent.add(n);
            channel.writeAndFlush(buf, channel.voidPromise());
        }
        return n;
    }

    private void park() {
        run.parked(this);
    }

    /** Called by the run (any thread) when the window has room again. */
    void unpark() {
        channel.eventLoop().execute(pumpTask);
    }

    /** Publishes each template once at QoS 1 (setup of the retained storm); completes when all are acknowledged. */
    CompletableFuture<Void> publishAll(List<PublishTemplate> templates) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            retainedAcked = done;
            pendingRetainedAcks = templates.size();
            ByteBuf buf = channel.alloc().buffer();
            for (PublishTemplate t : templates) {
                t.writeTo(buf, nextPacketId(), System.nanoTime());
            }
            channel.writeAndFlush(buf, channel.voidPromise());
        });
        return done;
    }

    // ------------------------------------------------------------------ keep alive and end

    void ping() {
        if (channel != null && channel.isActive()) {
            ByteBuf buf = channel.alloc().buffer(2);
            Wire.pingreq(buf);
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    void disconnect() {
        if (channel != null && channel.isActive()) {
            channel.eventLoop().execute(() -> {
                ByteBuf buf = channel.alloc().buffer(2);
                Wire.disconnect(buf);
                channel.writeAndFlush(buf).addListener(f -> channel.close());
            });
        }
    }
}
