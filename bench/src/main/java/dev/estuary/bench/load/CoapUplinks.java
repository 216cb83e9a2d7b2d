package dev.estuary.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * CoAP devices (RFC 7252) in connectionless mode: each device has its own UDP socket and sends non-confirmable
 * {@code POST /up/load?c=bench-N} requests, pre-encoded, with only the message id and the send time in the
 * payload patched per request. One socket per device keeps message ids unique per source well within Californium's
 * deduplication lifetime (65,536 ids per socket).
 */
final class CoapUplinks implements UplinkSource {
    private final InetSocketAddress remote;
    private final int devices;
    private final int payloadSize;
    private final String idPrefix;
    private final List<Channel> channels = new ArrayList<>();
    private byte[][] templates;
    private int[] payloadOffsets;
    private int[] mids;
    private boolean[] touched;
    private int next;
    private final LongAdder ok = new LongAdder();
    private final LongAdder bad = new LongAdder();

    CoapUplinks(InetSocketAddress remote, int devices, int payloadSize, String idPrefix) {
        this.remote = remote;
        this.devices = devices;
        this.payloadSize = Math.max(8, payloadSize);
        this.idPrefix = idPrefix;
    }

    @Override
    public String adapter() {
        return "coap";
    }

    @Override
    public boolean payloadTimestamps() {
        return true;
    }

    @Override
    public void start(EventLoopGroup group) throws Exception {
        templates = new byte[devices][];
        payloadOffsets = new int[devices];
        mids = new int[devices];
        touched = new boolean[devices];
        boolean epoll = Epoll.isAvailable();
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(new Answers());
        for (int d = 0; d < devices; d++) {
            templates[d] = request(idPrefix + d);
            payloadOffsets[d] = templates[d].length - payloadSize;
            mids[d] = (d * 7919) & 0xFFFF;
            channels.add(b.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel());
        }
    }

    /** Counts the answers by their code class (shared by every device's socket). */
    @io.netty.channel.ChannelHandler.Sharable
    private final class Answers extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            ByteBuf in = p.content();
            if (in.readableBytes() >= 4) {
                int code = in.getUnsignedByte(in.readerIndex() + 1);
                if (code >> 5 == 2) {
                    ok.increment();
                } else if (code != 0) {
                    bad.increment();
                }
            }
        }
    }

    /** NON POST /up/load?c={id} with a payload of {@code payloadSize} bytes (message id patched per request). */
    private byte[] request(String deviceId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x50); // version 1, NON, token length 0
        out.write(0x02); // POST
        out.write(0);
        out.write(0);
        option(out, 11, "up".getBytes(StandardCharsets.US_ASCII)); // Uri-Path
        option(out, 0, "load".getBytes(StandardCharsets.US_ASCII)); // Uri-Path (delta 0)
        option(out, 4, ("c=" + deviceId).getBytes(StandardCharsets.US_ASCII)); // Uri-Query (15)
        out.write(0xFF);
        for (int i = 0; i < payloadSize; i++) {
            out.write('x');
        }
        return out.toByteArray();
    }

    private static void option(ByteArrayOutputStream out, int delta, byte[] value) {
        int len = value.length;
        if (len < 13) {
            out.write(delta << 4 | len);
        } else {
            out.write(delta << 4 | 13);
            out.write(len - 13);
        }
        out.write(value, 0, len);
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
            byte[] t = templates[d];
            ByteBuf buf = ch.alloc().directBuffer(t.length);
            buf.writeBytes(t);
            mids[d] = (mids[d] + 1) & 0xFFFF;
            buf.setShort(2, mids[d]);
            buf.setLong(payloadOffsets[d], nanoTime);
            ch.write(new DatagramPacket(buf, remote), ch.voidPromise());
            touched[d] = true;
            written++;
        }
        return written;
    }

    @Override
    public void flush() {
        for (int d = 0; d < devices; d++) {
            if (touched[d]) {
                touched[d] = false;
                channels.get(d).flush();
            }
        }
    }

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
        channels.forEach(Channel::close);
    }
}
