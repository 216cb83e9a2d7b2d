package dev.estuary.adapter.lwm2m.device;

import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.server.queue.PresenceService;
import org.eclipse.leshan.server.queue.PresenceServiceImpl;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LwM2M 1.1 Send from a queue-mode device is an uplink, so the device is awake. Leshan marks a device awake on
 * its registration and updates and on notifications, not on Send; this listener does it for Send, so commands
 * queued for the device go out then ({@link Lifecycle#onAwake}).
 */
public final class SendWakesDevice implements SendListener {
    private static final Logger LOG = LoggerFactory.getLogger(SendWakesDevice.class);

    private final PresenceService presence;

    public SendWakesDevice(PresenceService presence) {
        this.presence = presence;
    }

    @Override
    public void dataReceived(Registration reg, TimestampedLwM2mNodes data, SendRequest request) {
        if (reg.usesQueueMode() && presence instanceof PresenceServiceImpl impl) {
            impl.setAwake(reg);
        } else if (reg.usesQueueMode()) {
            LOG.error("cannot mark LwM2M endpoint {} awake after its Send: unexpected presence service {}",
                    reg.getEndpoint(), presence == null ? null : presence.getClass().getName());
        }
    }

    @Override
    public void onError(Registration reg, String errorMessage, Exception error) {
        // a Send that could not be decoded is reported by ObservationUplinks
    }
}
