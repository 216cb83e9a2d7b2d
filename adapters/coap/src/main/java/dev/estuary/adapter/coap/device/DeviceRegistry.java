package dev.estuary.adapter.coap.device;

import dev.estuary.adapter.coap.CoapAdapterConfig;
import dev.estuary.adapter.coap.CoapMetrics;
import dev.estuary.adapter.coap.handler.CoapError;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceRefusedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP devices that are online, by device id and by connection-mode token. Turns a request's identity into an
 * open device session:
 * <ul>
 *   <li>a {@code token} names the session opened by {@code POST /mqtt/connection} (from whatever address);</li>
 *   <li>otherwise the device id is the DTLS identity, or the {@code clientid} query parameter; a request whose
 *       credentials match the ones the session was opened with uses that session, any other is authenticated
 *       afresh through {@link AdapterContext#openDevice} (which replaces the old session when it succeeds).</li>
 * </ul>
 * Concurrent requests of a device that is still being authenticated wait for the same attempt.
 */
public final class DeviceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdapterContext context;
    private final CoapAdapterConfig config;
    private final CoapMetrics metrics;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> byId = new HashMap<>();
    private final ConcurrentHashMap<String, CoapDevice> byToken = new ConcurrentHashMap<>();

    /** A device's session, open or being opened, with the credentials it was opened with. */
    private static final class Entry {
        final String id;
        final Credentials credentials;
        final CompletableFuture<CoapDevice> device = new CompletableFuture<>();
        final Entry previous;

        Entry(String id, Credentials credentials, Entry previous) {
            this.id = id;
            this.credentials = credentials;
            this.previous = previous;
        }

        CoapDevice openDevice() {
            CoapDevice d = device.isDone() && !device.isCompletedExceptionally() ? device.join() : null;
            return d != null && d.isOpen() ? d : null;
        }
    }

    public DeviceRegistry(AdapterContext context, CoapAdapterConfig config, CoapMetrics metrics,
                          LongSupplier nanoClock) {
        this.context = context;
        this.config = config;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** The device a request acts as (see the class comment); fails with a {@link CoapError}. */
    public CompletionStage<CoapDevice> resolve(RequestIdentity who) {
        if (who.token() != null) {
            return CompletableFuture.completedFuture(byToken(who));
        }
        String id = deviceId(who);
        Credentials creds = Credentials.of(who.username(), who.password(), who.principal());
        synchronized (this) {
            Entry e = byId.get(id);
            if (e != null && e.credentials.matches(creds)) {
                if (!e.device.isDone()) {
                    return e.device.thenApply(d -> seen(d, who));
                }
                CoapDevice d = e.openDevice();
                if (d != null) {
                    if (d.token() != null && !who.secure()) {
                        throw CoapError.unauthorized("client " + id + " is connected in connection mode: "
                                + "requests must carry its token");
                    }
                    return CompletableFuture.completedFuture(seen(d, who));
                }
            }
            return open(id, creds, who, e).thenApply(d -> d);
        }
    }

    /** {@code POST /mqtt/connection}: a new session (replacing any old one) with a new token. */
    public CompletionStage<CoapDevice> connect(RequestIdentity who) {
        String id = deviceId(who);
        Credentials creds = Credentials.of(who.username(), who.password(), who.principal());
        CompletableFuture<CoapDevice> opened;
        synchronized (this) {
            opened = open(id, creds, who, byId.get(id));
        }
        return opened.thenApply(d -> {
            String token = HexFormat.of().formatHex(randomBytes(8));
            d.token(token);
            byToken.put(token, d);
            return d;
        });
    }

    /** {@code DELETE /mqtt/connection}: ends the device's session. */
    public void disconnect(CoapDevice d) {
        d.close("disconnected by the device");
    }

    private CoapDevice byToken(RequestIdentity who) {
        CoapDevice d = byToken.get(who.token());
        if (d == null || !d.isOpen()) {
            throw CoapError.unauthorized("unknown or expired token");
        }
        if (who.clientId() != null && !who.clientId().equals(d.id())) {
            throw CoapError.unauthorized("the token does not belong to client " + who.clientId());
        }
        if (who.principal() != null && !who.principal().equals(d.credentials().principal())) {
            throw CoapError.unauthorized("the token does not belong to DTLS identity " + who.principal());
        }
        return seen(d, who);
    }

    private static CoapDevice seen(CoapDevice d, RequestIdentity who) {
        d.seen(who.context());
        return d;
    }

    private static String deviceId(RequestIdentity who) {
        if (who.principal() != null) {
            if (who.clientId() != null && !who.clientId().equals(who.principal())) {
                throw CoapError.forbidden("clientid " + who.clientId() + " does not match the DTLS identity "
                        + who.principal());
            }
            return who.principal();
        }
        if (who.clientId() == null) {
            throw CoapError.unauthorized("who are you? add clientid=... (or c=...), a token, or use DTLS");
        }
        return who.clientId();
    }

    /** Opens a session; called holding the lock. */
    private CompletableFuture<CoapDevice> open(String id, Credentials creds, RequestIdentity who, Entry previous) {
        Entry live = previous != null && previous.openDevice() != null ? previous : null;
        if (live == null && byId.size() >= config.maxDevices()) {
            throw CoapError.unavailable("too many CoAP devices online (adapters.coap.max_devices="
                    + config.maxDevices() + ")", 30);
        }
        Entry entry = new Entry(id, creds, live);
        byId.put(id, entry);
        DeviceLogin.Builder login = DeviceLogin.builder(id).remoteAddress(who.address())
                .protocol(who.secure() ? "coaps" : "coap")
                .detail("transport", who.secure() ? "dtls" : "udp");
        if (who.username() != null) {
            login.username(who.username()); // DTLS devices too: the identity names the device, credentials stay
        }
        if (who.password() != null) {
            login.password(who.password().getBytes(StandardCharsets.UTF_8));
        }
        if (who.principal() != null) {
            // the DTLS handshake proved the device holds the key (or certificate) of this identity
            login.transportAuthenticated("dtls");
        }
        context.openDevice(login.build()).whenComplete((session, err) -> {
            if (err != null) {
                synchronized (this) {
                    if (byId.get(id) == entry) {
                        if (entry.previous != null && entry.previous.openDevice() != null) {
                            byId.put(id, entry.previous);
                        } else {
                            byId.remove(id);
                        }
                    }
                }
                entry.device.completeExceptionally(refusal(id, who, err));
                return;
            }
            CoapDevice d = new CoapDevice(id, session, creds, who.context(), metrics, nanoClock);
            session.onDownlink(d::onDownlink);
            session.onClosed(reason -> closed(entry, d, reason));
            entry.device.complete(d);
        });
        return entry.device;
    }

    private CoapError refusal(String id, RequestIdentity who, Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof DeviceRefusedException) {
            DeviceRefusedException r = (DeviceRefusedException) t;
            LOG.info("CoAP device {} from {} refused: {}", id, who.describe(), r.getMessage());
            switch (r.reason()) {
                case BAD_CREDENTIALS:
                    return CoapError.unauthorized("bad username or password");
                case NOT_AUTHORIZED:
                    return CoapError.forbidden("not authorized to connect");
                case INVALID_ID:
                    return CoapError.badRequest("client id not acceptable: " + r.getMessage());
                default:
                    return CoapError.unavailable("the gateway cannot take the device now", 5);
            }
        }
        LOG.error("opening CoAP device {} from {} failed", id, who.describe(), t);
        return CoapError.unavailable("the gateway cannot take the device now", 5);
    }

    private void closed(Entry entry, CoapDevice d, String reason) {
        synchronized (this) {
            if (byId.get(entry.id) == entry) {
                byId.remove(entry.id);
            }
        }
        String token = d.token();
        if (token != null) {
            byToken.remove(token, d);
        }
        LOG.debug("CoAP device {} offline: {}", d.id(), reason);
        d.ended(reason);
    }

    /** Closes devices that have been quiet too long (see {@link CoapDevice#expiry}). Never throws. */
    public void expire() {
        long now = nanoClock.getAsLong();
        long idle = config.idleTimeout().toNanos();
        long heartbeat = config.heartbeatTimeout().toNanos();
        for (CoapDevice d : online()) {
            try {
                String reason = d.expiry(now, idle, heartbeat);
                if (reason != null) {
                    LOG.debug("CoAP device {}: {}", d.id(), reason);
                    d.close(reason);
                }
            } catch (RuntimeException e) {
                LOG.error("expiry check of CoAP device {} failed", d.id(), e);
            }
        }
    }

    /** Devices with an open session. */
    public synchronized List<CoapDevice> online() {
        List<CoapDevice> out = new ArrayList<>(byId.size());
        for (Entry e : byId.values()) {
            CoapDevice d = e.openDevice();
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Closes every session (the adapter stops). */
    public void closeAll(String reason) {
        for (CoapDevice d : online()) {
            d.close(reason);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
