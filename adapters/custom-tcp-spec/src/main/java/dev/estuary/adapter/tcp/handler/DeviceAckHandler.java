package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.AckFrame;
import dev.estuary.adapter.tcp.codec.NackFrame;
import dev.estuary.adapter.tcp.codec.NackReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACK and NACK from the device (spec §4.5, §4.6, §6.4): they settle the DOWNLINK with that message id. An
 * acknowledgement for an id that is not waiting (late after a timeout, or unknown) is ignored.
 */
public final class DeviceAckHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAckHandler.class);

    void ack(DeviceConnection c, AckFrame f) {
        if (!c.downlinks().acked(f.messageId(), f.result())) {
            LOG.debug("tcp device {}: ignoring ACK for message id {}, which is not waiting", c.deviceId(),
                    f.messageId());
        }
    }

    void nack(DeviceConnection c, NackFrame f) {
        if (!c.downlinks().nacked(f.messageId(), NackReason.name(f.reason()), f.reason(), f.text())) {
            LOG.debug("tcp device {}: ignoring NACK for message id {}, which is not waiting", c.deviceId(),
                    f.messageId());
        }
    }
}
