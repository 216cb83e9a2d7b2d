package dev.estuary.adapter.coap.device;

import dev.estuary.adapter.coap.CoapMetrics;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.elements.EndpointContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CoAP device with an open {@link DeviceSession}: its credentials, its connection-mode token, where it was
 * last seen (notifications go there, so a device that moved keeps its observations once it is heard from again)
 * and its observations.
 */
public final class CoapDevice {
    private static final Logger LOG = LoggerFactory.getLogger(CoapDevice.class);

    private final String id;
    private final DeviceSession session;
    private final Credentials credentials;
    private final CoapMetrics metrics;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Observation> observations = new ConcurrentHashMap<>();
    private volatile String token;
    private volatile EndpointContext peer;
    private volatile long lastSeen;

    CoapDevice(String id, DeviceSession session, Credentials credentials, EndpointContext peer, CoapMetrics metrics,
               LongSupplier nanoClock) {
        this.id = id;
        this.session = session;
        this.credentials = credentials;
        this.peer = peer;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.lastSeen = nanoClock.getAsLong();
    }

    public String id() {
        return id;
    }

    public DeviceSession session() {
        return session;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    Credentials credentials() {
        return credentials;
    }

    public String token() {
        return token;
    }

    void token(String t) {
        this.token = t;
    }

    CoapMetrics counters() {
        return metrics;
    }

    /** Where the device was last heard from. */
    public EndpointContext peer() {
        return peer;
    }

    /** The device sent an authenticated request from {@code context}: it is alive, and this is where it is now. */
    void seen(EndpointContext context) {
        lastSeen = nanoClock.getAsLong();
        EndpointContext before = peer;
        peer = context;
        InetSocketAddress was = before.getPeerAddress();
        InetSocketAddress now = context.getPeerAddress();
        if (!was.equals(now)) {
            LOG.info("CoAP device {} moved from {} to {}: its {} observation(s) follow", id, was, now,
                    observations.size());
            session.status(Map.of("address", now.getAddress().getHostAddress() + ":" + now.getPort()));
        }
    }

    /** Why the device should go offline now, or null. */
    String expiry(long nowNanos, long idleNanos, long heartbeatNanos) {
        long quiet = nowNanos - lastSeen;
        if (token != null) {
            return quiet > heartbeatNanos ? "heartbeat timeout" : null;
        }
        return observations.isEmpty() && quiet > idleNanos ? "idle timeout" : null;
    }

    public Observation observation(String key) {
        return observations.get(key);
    }

    public int observationCount() {
        return observations.size();
    }

    /** Adds a new observation unless one exists for the key (then returns that one). */
    public Observation addObservation(String key, String filter, boolean envelope,
                                      org.eclipse.californium.core.observe.ObserveRelation relation) {
        Observation fresh = new Observation(this, key, filter, envelope, relation);
        Observation existing = observations.putIfAbsent(key, fresh);
        return existing != null ? existing : fresh;
    }

    /** Forgets an observation (its relation ended); true when it was this device's current one. */
    public boolean removeObservation(Observation o) {
        return observations.remove(o.key(), o);
    }

    /** Routes a downlink to the {@code /down} observation, or answers that the device is not listening. */
    void onDownlink(DeviceSession s, DeviceMessage m) {
        Observation down = observations.get("down");
        if (down != null) {
            down.deliver(m);
            return;
        }
        metrics.droppedDownlink();
        LOG.debug("CoAP device {} does not observe /down: dropping the downlink on {}", id, m.topic());
        if (m.expectsReply()) {
            DownlinkOutcome.undeliverable(s, m, "device " + id + " is not observing /down");
        }
    }

    /** The session ended: every observation ends with a final 5.03 carrying the reason. */
    void ended(String reason) {
        for (Observation o : List.copyOf(observations.values())) {
            observations.remove(o.key(), o);
            o.end(ResponseCode.SERVICE_UNAVAILABLE, "session ended: " + reason);
        }
    }

    /** Closes the session (status goes offline). */
    public void close(String reason) {
        session.close(reason);
    }

    @Override
    public String toString() {
        return "CoapDevice[" + id + "]";
    }
}
