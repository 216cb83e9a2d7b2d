package dev.estuary.adapter.coap.device;

import dev.estuary.adapter.coap.codec.Messages;
import dev.estuary.core.spi.DeviceMessage;
import java.util.ArrayDeque;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CoAP observation of a device (RFC 7641): a {@code /ps/{filter}} subscription or the device's {@code /down}.
 * Messages for it become notifications carrying the MQTT topic ({@link Messages}). The Observe numbers are the
 * observation's own, so they keep increasing when the device re-registers from a new address (NAT rebinding):
 * {@link #rebind} moves the observation to the new relation without touching the MQTT subscription.
 *
 * <p>Messages that arrive before the first response went out (retained messages, delivered as soon as the broker
 * accepts the subscription) wait, so every notification follows the registration response.
 */
public final class Observation {
    private static final Logger LOG = LoggerFactory.getLogger(Observation.class);
    private static final int MAX_EARLY = 100;

    private final CoapDevice device;
    private final String key;
    private final String filter;
    private final boolean envelope;
    private volatile ObserveRelation relation;
    private final ArrayDeque<DeviceMessage> early = new ArrayDeque<>();
    private int observe;
    private boolean established;

    Observation(CoapDevice device, String key, String filter, boolean envelope, ObserveRelation relation) {
        this.device = device;
        this.key = key;
        this.filter = filter;
        this.envelope = envelope;
        this.relation = relation;
    }

    public CoapDevice device() {
        return device;
    }

    /** {@code ps:{filter}} or {@code down}. */
    public String key() {
        return key;
    }

    /** The MQTT topic filter, or null for {@code /down}. */
    public String filter() {
        return filter;
    }

    public boolean isDown() {
        return filter == null;
    }

    public ObserveRelation relation() {
        return relation;
    }

    /** Moves the observation to a new relation (the device re-registered); the old one ends quietly. */
    public ObserveRelation rebind(ObserveRelation next) {
        ObserveRelation old;
        synchronized (this) {
            old = relation;
            relation = next;
        }
        return old;
    }

    /** The registration response (2.05, empty, with the next Observe number); call {@link #established} after. */
    public synchronized Response registrationResponse() {
        Response r = new Response(ResponseCode.CONTENT);
        r.getOptions().setObserve(nextObserve());
        r.setDestinationContext(device.peer());
        return r;
    }

    /** The registration response went out: messages that waited for it are sent now. */
    public synchronized void established() {
        established = true;
        while (!early.isEmpty()) {
            send(early.poll());
        }
    }

    /** A message for this observation (from the broker, on a gateway callback thread). */
    public synchronized void deliver(DeviceMessage m) {
        if (!established) {
            if (early.size() < MAX_EARLY) {
                early.add(m);
            } else {
                LOG.debug("observation {} of {}: dropping a message on {} before registration finished", key,
                        device.id(), m.topic());
            }
            return;
        }
        send(m);
    }

    private void send(DeviceMessage m) {
        ObserveRelation rel = relation;
        if (rel == null || rel.isCanceled()) {
            device.counters().droppedNotification();
            return;
        }
        Response r = envelope ? Messages.envelope(m) : Messages.content(m);
        r.getOptions().setObserve(nextObserve());
        r.setDestinationContext(device.peer());
        if (isDown() && m.expectsReply()) {
            r.addMessageObserver(new DownlinkOutcome(device.session(), m, r));
        }
        device.counters().notification();
        rel.getExchange().sendResponse(r);
    }

    /**
     * Ends the observation from the server side with a final error response (RFC 7641 §3.2: a non-2.xx
     * notification ends it); Californium then cancels the relation.
     */
    public void end(ResponseCode code, String diagnostic) {
        ObserveRelation rel = relation;
        if (rel == null || rel.isCanceled()) {
            return;
        }
        Response r = new Response(code);
        r.setPayload(diagnostic);
        r.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        r.setDestinationContext(device.peer());
        rel.getExchange().sendResponse(r);
    }

    /** Observe numbers are 24 bits (RFC 7641 §3.4) and wrap around. */
    private int nextObserve() {
        observe = (observe + 1) & 0xFFFFFF;
        return observe;
    }

    @Override
    public String toString() {
        return "Observation[" + device.id() + " " + key + "]";
    }
}
