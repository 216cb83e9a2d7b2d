package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.AckFrame;
import dev.estuary.adapter.tcp.codec.NackFrame;
import dev.estuary.adapter.tcp.codec.NackReason;
import dev.estuary.adapter.tcp.codec.UplinkFrame;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;

/**
 * UPLINK (spec §4.3, §6.3): publishes the data to {@code devices/tcp/{deviceId}/up[/{channel}]} (QoS 0 for message
 * id 0, QoS 1 otherwise) and, when the device asked for it, answers ACK once the broker accepted it or NACK with
 * the reason it did not. Counts the uplink in flight for back-pressure (§6.7).
 */
public final class UplinkHandler {

    void handle(DeviceConnection c, UplinkFrame f) {
        Uplink up = Uplink.of(f.payload()).channel(f.channel().isEmpty() ? null : f.channel())
                .qos(f.messageId() == 0 ? 0 : 1);
        if (f.format().contentType() != null) {
            up.contentType(f.format().contentType());
        }
        c.services().metrics().uplinks.increment();
        c.flow().started();
        int id = f.messageId();
        c.session().uplink(up).whenComplete((result, err) -> {
            c.flow().finished();
            answer(c, id, result, err);
        });
    }

    private static void answer(DeviceConnection c, int id, PublishResult result, Throwable err) {
        if (err == null && result.accepted()) {
            if (id != 0) {
                c.channel().writeAndFlush(AckFrame.of(id));
            }
            return;
        }
        c.services().metrics().uplinksRefused.increment();
        if (id == 0) {
            return; // §6.3: no answer for message id 0; counted only
        }
        NackFrame nack;
        if (err != null) {
            nack = NackFrame.of(id, NackReason.SERVER_UNAVAILABLE, err.toString());
        } else if (result.status() == PublishResult.Status.NOT_AUTHORIZED) {
            nack = NackFrame.of(id, NackReason.NOT_AUTHORIZED, result.detail());
        } else {
            nack = NackFrame.of(id, NackReason.REJECTED, result.detail());
        }
        c.channel().writeAndFlush(nack);
    }
}
