package dev.estuary.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Devices of the private TCP framing ({@code docs/custom-tcp-spec.md}): one connection per device, HELLO as
 * {@code bench-N}, then UPLINK frames with message id 0 (no acknowledgement) on channel {@code load}, pre-encoded,
 * with only the send time in the payload patched per frame. Written from the spec, not with the gateway's codec.
 */
final class TcpUplinks implements UplinkSource {
    private static final int HELLO = 0x01;
    private static final int HELLO_ACK = 0x02;
    private static final int UPLINK = 0x03;
    private static final int NACK = 0x06;
    private static final int ERROR = 0x0A;

    private final InetSocketAddress remote;
    private final int devices;
    private final int payloadSize;
    private final String idPrefix;
    private final List<Channel> channels = new ArrayList<>();
    private final byte[] uplink;
    private final int payloadOffset;
    private ByteBuf[] pending;
    private int next;
    private final LongAdder bad = new LongAdder();

    TcpUplinks(InetSocketAddress remote, int devices, int payloadSize, String idPrefix) {
        this.remote = remote;
        this.devices = devices;
        this.payloadSize = Math.max(8, payloadSize);
        this.idPrefix = idPrefix;
        byte[] payload = new byte[this.payloadSize];
        java.util.Arrays.fill(payload, (byte) 'x');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // message id 0: no ACK wanted
        body.write(0);
        body.write(0); // format: octet stream
        str8(body, "load");
        body.write(payload, 0, payload.length);
        this.uplink = frame(UPLINK, body.toByteArray());
        this.payloadOffset = uplink.length - this.payloadSize;
    }

    @Override
    public String adapter() {
        return "tcp";
    }

    @Override
    public boolean payloadTimestamps() {
        return true;
    }

    private static void str8(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }

    /** A frame without CRC (spec §3): magic "ES", version 1, type, flags 0, varint length, body. */
    private static byte[] frame(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
        out.write(0x45);
        out.write(0x53);
        out.write(1);
        out.write(type);
        out.write(0);
        int v = body.length;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v > 0 ? b | 0x80 : b);
        } while (v > 0);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    private static byte[] hello(String deviceId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(600 >> 8); // keep alive 600 s
        body.write(600 & 0xFF);
        body.write(0); // max body: 0 = the gateway's default
        body.write(0);
        body.write(0);
        body.write(0);
        str8(body, deviceId);
        body.write(0); // no user name
        body.write(0); // no password
        return frame(HELLO, body.toByteArray());
    }

    /** Parses frames in place; completes {@code ready} on an accepting HELLO_ACK. */
    private final class Device extends ChannelInboundHandlerAdapter {
        final String id;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final Cumulation cumulation = new Cumulation(256);

        Device(String id) {
            this.id = id;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(hello(id)), ctx.voidPromise());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.completeExceptionally(new IllegalStateException(id + ": connection closed"));
            cumulation.release();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = cumulation.merge((ByteBuf) msg);
            try {
                while (true) {
                    int start = in.readerIndex();
                    int end = in.writerIndex();
                    if (end - start < 6) {
                        break;
                    }
                    int type = in.getUnsignedByte(start + 3);
                    int flags = in.getUnsignedByte(start + 4);
                    int length = 0;
                    int pos = start + 5;
                    boolean complete = false;
                    for (int k = 0; k < 3 && pos < end; k++) {
                        int b = in.getUnsignedByte(pos++);
                        length |= (b & 0x7F) << (7 * k);
                        if ((b & 0x80) == 0) {
                            complete = true;
                            break;
                        }
                    }
                    int total = pos - start + length + ((flags & 1) != 0 ? 2 : 0);
                    if (!complete || end - start < total) {
                        break;
                    }
                    if (type == HELLO_ACK) {
                        if (length > 0 && in.getUnsignedByte(pos) == 0) {
                            ready.complete(null);
                        } else {
                            ready.completeExceptionally(new IllegalStateException(id + ": HELLO refused"));
                        }
                    } else if (type == NACK || type == ERROR) {
                        bad.increment();
                    }
                    in.readerIndex(start + total);
                }
                cumulation.keep(ctx.alloc(), in);
            } finally {
                in.release();
            }
        }
    }

    @Override
    public void start(EventLoopGroup group) throws Exception {
        pending = new ByteBuf[devices];
        boolean epoll = Epoll.isAvailable();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            Device dev = new Device(idPrefix + d);
            Bootstrap b = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .handler(dev);
            channels.add(b.connect(remote).sync().channel());
            all.add(dev.ready);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    }

    @Override
    public int send(int n, long nanoTime) {
        int written = 0;
        for (int tries = 0; written < n && tries < n + devices; tries++) {
            int d = next;
            next = next + 1 == devices ? 0 : next + 1;
            Channel ch = channels.get(d);
            if (!ch.isWritable()) {
                continue;
            }
            ByteBuf buf = pending[d];
            if (buf == null) {
                buf = ch.alloc().directBuffer(uplink.length * 16);
                pending[d] = buf;
            }
            int at = buf.writerIndex();
            buf.writeBytes(uplink);
            buf.setLong(at + payloadOffset, nanoTime);
            written++;
        }
        return written;
    }

    @Override
    public void flush() {
        for (int d = 0; d < devices; d++) {
            ByteBuf buf = pending[d];
            if (buf != null) {
                pending[d] = null;
                channels.get(d).writeAndFlush(buf, channels.get(d).voidPromise());
            }
        }
    }

    @Override
    public long answered() {
        return 0;
    }

    @Override
    public long failed() {
        return bad.sum();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
    }
}
