package dev.estuary.adapter.lorawan.gwmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.abp.AbpFrameHandler;
import dev.estuary.adapter.lorawan.abp.AbpResult;
import dev.estuary.adapter.lorawan.config.GwmpConfig;
import dev.estuary.adapter.lorawan.device.DeviceHub;
import dev.estuary.adapter.lorawan.frame.DataFrame;
import dev.estuary.adapter.lorawan.frame.MType;
import dev.estuary.adapter.lorawan.model.LoraUplink;
import dev.estuary.adapter.lorawan.model.RxInfo;
import dev.estuary.adapter.lorawan.model.Source;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GWMP datagram at a time: acknowledges PUSH_DATA and PULL_DATA at once (PROTOCOL.TXT §3, §5), then turns
 * {@code rxpk} entries into uplinks of ABP devices, {@code stat} into the gateway's status, TX_ACK into a gateway
 * event. A bad datagram or entry is counted and logged with the gateway's address; only it is dropped.
 */
@ChannelHandler.Sharable
final class GwmpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(GwmpHandler.class);
    private static final Source SOURCE = new Source("gwmp", "gwmp", "udp");
    private static final long RELOAD_EVERY_MILLIS = 5000;
    /** Devices heard through the packet forwarder take their downlinks through it too. */
    private static final dev.estuary.adapter.lorawan.model.Owner OWNER = new dev.estuary.adapter.lorawan.model.Owner(
            "gwmp", "gwmp", null, null, null, null, null);

    private final Set<String> allowed = new HashSet<>();
    private final AbpFrameHandler frames;
    private final GatewayRegistry gateways;
    private final ClassADownlinks downlinks;
    private final DeviceHub hub;
    private final LorawanMetrics metrics;
    private final Consumer<Runnable> reload;
    private final AtomicLong lastReload = new AtomicLong(System.nanoTime() / 1_000_000 - 2 * RELOAD_EVERY_MILLIS);

    GwmpHandler(GwmpConfig config, AbpFrameHandler frames, GatewayRegistry gateways, ClassADownlinks downlinks,
                DeviceHub hub, LorawanMetrics metrics, Consumer<Runnable> reload) {
        this.downlinks = downlinks;
        for (String g : config.allowedGateways()) {
            String eui = Hex.eui(g);
            if (eui == null) {
                throw new IllegalArgumentException("gwmp.allowed_gateways: '" + g + "' is not an EUI");
            }
            allowed.add(eui);
        }
        this.frames = frames;
        this.gateways = gateways;
        this.hub = hub;
        this.metrics = metrics;
        this.reload = reload;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        metrics.gwmpPackets.increment();
        InetSocketAddress from = msg.sender();
        GwmpPacket p;
        try {
            p = GwmpPacket.parse(ByteBufUtil.getBytes(msg.content()));
        } catch (BadInputException e) {
            bad(from, e.getMessage());
            return;
        }
        if (!allowed.isEmpty() && !allowed.contains(p.gatewayEui())) {
            bad(from, "gateway " + p.gatewayEui() + " is not in gwmp.allowed_gateways");
            return;
        }
        switch (p.identifier()) {
            case GwmpPacket.PUSH_DATA:
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.ack(GwmpPacket.PUSH_ACK)), from));
                gateways.seen(p.gatewayEui(), from, false);
                pushData(ctx, p, from);
                return;
            case GwmpPacket.PULL_DATA:
                ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.ack(GwmpPacket.PULL_ACK)), from));
                gateways.seen(p.gatewayEui(), from, true);
                return;
            default: {
                gateways.seen(p.gatewayEui(), from, false);
                JsonNode ack = p.json().length == 0 ? null : readOrNull(p, from);
                gateways.txAck(p.gatewayEui(), from, p.token(), ack);
                downlinks.onTxAck(p.gatewayEui(), p.token(), ack == null ? null : Json.text(ack.path("txpk_ack"),
                        "error"));
            }
        }
    }

    private JsonNode readOrNull(GwmpPacket p, InetSocketAddress from) {
        try {
            return Json.parseObject(p.json());
        } catch (IOException e) {
            bad(from, "TX_ACK JSON: " + e.getMessage());
            return null;
        }
    }

    private void pushData(ChannelHandlerContext ctx, GwmpPacket p, InetSocketAddress from) {
        ObjectNode body;
        try {
            body = Json.parseObject(p.json());
        } catch (IOException e) {
            bad(from, "PUSH_DATA JSON from " + p.gatewayEui() + ": " + e.getMessage());
            return;
        }
        if (body.path("stat").isObject()) {
            gateways.stat(p.gatewayEui(), from, body.get("stat"));
        }
        for (JsonNode entry : body.path("rxpk")) {
            Rxpk rx;
            try {
                rx = Rxpk.parse(entry);
            } catch (BadInputException e) {
                bad(from, "rxpk from " + p.gatewayEui() + ": " + e.getMessage());
                continue;
            }
            if (rx.stat() == -1) {
                metrics.framesIgnored.increment();
                LOG.debug("rxpk from {} with a bad CRC ignored", p.gatewayEui());
                continue;
            }
            frame(ctx, p.gatewayEui(), rx, from, true);
        }
    }

    private void frame(ChannelHandlerContext ctx, String gatewayEui, Rxpk rx, InetSocketAddress from,
                       boolean mayReload) {
        AbpResult r = frames.handle(rx.data());
        switch (r.status()) {
            case ACCEPTED:
                publish(gatewayEui, rx, r);
                downlinks.onUplink(gatewayEui, rx, r, (to, datagram) ->
                        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to)));
                return;
            case DUPLICATE:
                metrics.duplicatesDropped.increment();
                LOG.debug("frame {} fCnt {} again from gateway {}: duplicate", r.device().devEui(), r.fCnt(),
                        gatewayEui);
                return;
            case MIC_FAILED:
                if (mayReload && reloadAllowed()) {
                    reload.accept(() -> frame(ctx, gatewayEui, rx, from, false));
                    return;
                }
                metrics.micFailures.increment();
                LOG.info("frame from DevAddr {} via gateway {} ({}): MIC does not verify", r.frame().devAddrHex(),
                        gatewayEui, from);
                return;
            case REPLAY:
            case FCNT_GAP:
                metrics.replaysRejected.increment();
                LOG.info("frame of {} via gateway {} rejected: {}", r.device().devEui(), gatewayEui, r.detail());
                return;
            case UNKNOWN_DEVADDR:
                if (mayReload && reloadAllowed()) {
                    reload.accept(() -> frame(ctx, gatewayEui, rx, from, false));
                    return;
                }
                metrics.unknownDevAddr.increment();
                LOG.debug("frame via gateway {}: {}", gatewayEui, r.detail());
                return;
            case NOT_UPLINK:
                metrics.framesIgnored.increment();
                LOG.debug("{} via gateway {} ignored (only ABP data uplinks are handled)", r.detail(), gatewayEui);
                return;
            default:
                bad(from, "frame via gateway " + gatewayEui + ": " + r.detail());
        }
    }

    /** At most one store reload per 5 s, so a flood of unknown frames cannot keep the store busy. */
    private boolean reloadAllowed() {
        long now = System.nanoTime() / 1_000_000;
        long last = lastReload.get();
        return now - last > RELOAD_EVERY_MILLIS && lastReload.compareAndSet(last, now);
    }

    private void publish(String gatewayEui, Rxpk rx, AbpResult r) {
        DataFrame f = r.frame();
        String devEui = r.device().devEui();
        List<RxInfo> rxInfo = List.of(rx.rxInfo(gatewayEui));
        RxInfo first = rxInfo.get(0);
        LoraUplink u = new LoraUplink(devEui, SOURCE, OWNER, null, f.devAddrHex(), f.fPort(), r.fCnt(),
                f.fPort() == 0 ? new byte[0] : r.plaintext(), null, f.mType() == MType.CONFIRMED_DATA_UP, f.adr(),
                null, first.frequency(), rx.modu(), first.spreadingFactor(), first.bandwidth(), rx.codr(), rxInfo,
                rx.time());
        hub.uplink(u);
        ObjectNode status = MacCommands.devStatus(f.fPort() == 0 ? r.plaintext() : f.fOpts());
        if (status != null) {
            hub.status(devEui, SOURCE, OWNER, status);
        }
    }

    private void bad(InetSocketAddress from, String why) {
        metrics.gwmpBadPackets.increment();
        LOG.debug("bad packet-forwarder input from {}: {}", from, why);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.error("packet forwarder listener failed on a datagram", cause);
    }
}
