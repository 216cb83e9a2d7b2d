package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.ContentFormat;
import dev.estuary.adapter.tcp.codec.DownlinkFrame;
import dev.estuary.adapter.tcp.device.DownlinkRefusedException;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.core.spi.DeviceMessage;
import io.netty.buffer.ByteBufUtil;

/** Turns downlinks into DOWNLINK frames (spec §4.4) and writes them, with DUP on retransmissions. */
final class SpecDownlinks implements DownlinkTracker.Transport<DownlinkFrame> {
    private final DeviceConnection connection;

    SpecDownlinks(DeviceConnection connection) {
        this.connection = connection;
    }

    @Override
    public DownlinkFrame build(DeviceMessage m, int messageId) throws DownlinkRefusedException {
        String channel = m.channel() == null ? "" : m.channel();
        if (ByteBufUtil.utf8Bytes(channel) > 255) {
            throw new DownlinkRefusedException("channel longer than 255 bytes");
        }
        DownlinkFrame f = new DownlinkFrame(messageId, false, ContentFormat.forContentType(m.contentType()), channel,
                m.payload());
        long limit = connection.deviceMaxBody() == 0 ? connection.services().config().maxBody()
                : Math.min(connection.deviceMaxBody(), connection.services().config().maxBody());
        if (f.bodyLength() > limit) {
            // §4.4: never send a body larger than the device's max_body
            throw new DownlinkRefusedException("downlink of " + f.bodyLength() + " bytes exceeds the device's "
                    + "maximum body of " + limit + " bytes");
        }
        return f;
    }

    @Override
    public void send(DownlinkFrame frame, int messageId, boolean retransmission) {
        if (!retransmission) {
            connection.services().metrics().downlinks.increment();
        }
        connection.channel().writeAndFlush(retransmission ? frame.asDuplicate() : frame);
    }
}
