package dev.estuary.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A LoRaWAN network server's HTTP integration (ChirpStack v4 JSON, {@code POST {path}?event=up}) posting uplinks of
 * {@code devices} devices over {@code connections} keep-alive HTTP/1.1 connections, one request in flight on each
 * (no pipelining). The request is pre-encoded with fixed-width DevEUI and frame-counter fields (a JSON number may
 * be followed by spaces), so only those bytes are patched per request; each device's counter rises, so the
 * adapter's deduplication (DevEUI + FCnt) never drops one.
 */
final class HttpUplinks implements UplinkSource {
    private static final int FCNT_WIDTH = 10;

    private final InetSocketAddress remote;
    private final int devices;
    private final int connections;
    private final byte[] request;
    private final int devEuiOffset;
    private final int fcntOffset;
    private final long euiBase;
    private final long[] fcnt;
    private final List<Conn> conns = new ArrayList<>();
    private final boolean[] touched;
    private int nextDevice;
    private int nextConn;
    private final LongAdder ok = new LongAdder();
    private final LongAdder bad = new LongAdder();

    HttpUplinks(InetSocketAddress remote, int devices, int connections, String path, String secret) {
        this.remote = remote;
        this.devices = devices;
        this.connections = connections;
        this.fcnt = new long[devices];
        this.touched = new boolean[connections];
        this.euiBase = (ProcessHandle.current().pid() & 0xFFFF) << 32;
        String body = "{\"deviceInfo\":{\"devEui\":\"0000000000000000\",\"deviceName\":\"bench\","
                + "\"applicationId\":\"bench\"},\"fPort\":1,\"fCnt\":" + " ".repeat(FCNT_WIDTH)
                + ",\"data\":\"AAAAAAAAAAA=\"}";
        String head = "POST " + path + "?event=up HTTP/1.1\r\nHost: " + remote.getHostString() + ":"
                + remote.getPort() + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + secret
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n";
        String all = head + body;
        this.request = all.getBytes(StandardCharsets.US_ASCII);
        this.devEuiOffset = head.length() + body.indexOf("0000000000000000");
        this.fcntOffset = head.length() + body.indexOf("\"fCnt\":") + 7;
    }

    @Override
    public String adapter() {
        return "lorawan";
    }

    @Override
    public boolean payloadTimestamps() {
        return false; // the MQTT payload is the adapter's JSON envelope
    }

    /** One keep-alive connection: parses status line, Content-Length and body of each response in place. */
    private final class Conn extends ChannelInboundHandlerAdapter {
        Channel channel;
        boolean busy;
        private final Cumulation cumulation = new Cumulation(512);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = cumulation.merge((ByteBuf) msg);
            try {
                while (parseOne(in)) {
                    busy = false;
                }
                cumulation.keep(ctx.alloc(), in);
            } finally {
                in.release();
            }
        }

        /** Consumes one whole response if present. */
        private boolean parseOne(ByteBuf in) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            int headEnd = -1;
            for (int i = start; i + 3 < end; i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    headEnd = i + 4;
                    break;
                }
            }
            if (headEnd < 0) {
                return false;
            }
            String head = in.toString(start, headEnd - start, StandardCharsets.US_ASCII);
            int length = 0;
            int cl = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
            if (cl >= 0) {
                int eol = head.indexOf('\r', cl);
                length = Integer.parseInt(head.substring(cl + 15, eol).trim());
            }
            if (end - headEnd < length) {
                return false;
            }
            int status = head.length() > 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
            if (status >= 200 && status < 300) {
                ok.increment();
            } else {
                bad.increment();
                if (bad.sum() <= 3) {
                    LoadRun.log("HTTP %d: %s", status, in.toString(headEnd, length, StandardCharsets.UTF_8));
                }
            }
            in.readerIndex(headEnd + length);
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cumulation.release();
        }
    }

    @Override
    public void start(EventLoopGroup group) throws Exception {
        boolean epoll = Epoll.isAvailable();
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn();
            c.channel = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .handler(c).connect(remote).sync().channel();
            conns.add(c);
        }
    }

    @Override
    public int send(int n, long nanoTime) {
        int written = 0;
        for (int tries = 0; written < n && tries < connections; tries++) {
            int k = nextConn;
            nextConn = nextConn + 1 == connections ? 0 : nextConn + 1;
            Conn c = conns.get(k);
            if (c.busy || !c.channel.isActive()) {
                continue;
            }
            int d = nextDevice;
            nextDevice = nextDevice + 1 == devices ? 0 : nextDevice + 1;
            ByteBuf buf = c.channel.alloc().directBuffer(request.length);
            buf.writeBytes(request);
            hex16(buf, devEuiOffset, euiBase + d);
            decimal(buf, fcntOffset, ++fcnt[d]);
            c.busy = true;
            c.channel.write(buf, c.channel.voidPromise());
            touched[k] = true;
            written++;
        }
        return written;
    }

    private static void hex16(ByteBuf buf, int at, long v) {
        for (int i = 15; i >= 0; i--) {
            buf.setByte(at + i, Character.forDigit((int) (v & 0xF), 16));
            v >>>= 4;
        }
    }

    /** Left-aligned decimal in the FCNT_WIDTH-byte field of spaces. */
    private static void decimal(ByteBuf buf, int at, long v) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
            buf.setByte(at + i, s.charAt(i));
        }
    }

    @Override
    public void flush() {
        for (int k = 0; k < connections; k++) {
            if (touched[k]) {
                touched[k] = false;
                conns.get(k).channel.flush();
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
        conns.forEach(c -> c.channel.close());
    }
}
