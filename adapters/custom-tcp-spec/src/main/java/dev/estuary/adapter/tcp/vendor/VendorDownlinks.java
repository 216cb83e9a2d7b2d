package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.device.DownlinkRefusedException;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.adapter.tcp.sdk.DownlinkRejectedException;
import dev.estuary.adapter.tcp.sdk.VendorHandler;
import dev.estuary.core.spi.DeviceMessage;

/**
 * How a downlink reaches a vendor device: the vendor's handler turns it into a message (or rejects it), the
 * connection encodes and writes it, and resends the same message on timeout. A handler that throws anything but
 * {@link DownlinkRejectedException} has a bug: it is reported and the downlink fails.
 */
final class VendorDownlinks<M> implements DownlinkTracker.Transport<M> {
    private final VendorConnection<M> connection;
    private final VendorHandler<M> handler;
    private final VendorServices services;

    VendorDownlinks(VendorConnection<M> connection, VendorHandler<M> handler, VendorServices services) {
        this.connection = connection;
        this.handler = handler;
        this.services = services;
    }

    @Override
    public M build(DeviceMessage message, int messageId) throws DownlinkRefusedException {
        M m;
        try {
            m = handler.onDownlink(message, messageId);
        } catch (DownlinkRejectedException e) {
            throw new DownlinkRefusedException(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            services.bug("onDownlink", e, connection.peer());
            throw new DownlinkRefusedException("the vendor plugin failed on this downlink");
        }
        if (m == null) {
            throw new DownlinkRefusedException("the vendor plugin produced no message for this downlink");
        }
        return m;
    }

    @Override
    public void send(M message, int messageId, boolean retransmission) {
        if (!retransmission) {
            services.metrics.downlinks.increment();
        }
        connection.sendDownlink(message);
    }
}
