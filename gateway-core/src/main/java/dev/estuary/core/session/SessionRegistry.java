package dev.estuary.core.session;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.Durations;
import dev.estuary.core.hooks.Disconnect;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All sessions by client id. Decides on connect whether a session is created, resumed or replaced (clean start,
 * takeover; MQTT 5.0 §3.1.2.4 and §3.1.4), and forgets sessions when they end.
 *
 * <p>The map update for one client id happens under a striped lock, so two simultaneous CONNECTs with the same id
 * resolve to one winner; everything else runs on the sessions' lanes.
 */
public final class SessionRegistry {
    private static final int STRIPES = 64;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];
    private final SessionContext ctx;

    public SessionRegistry(SessionContext ctx) {
        this.ctx = ctx;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Attaches {@code conn} to the session of {@code client.clientId()}: a new one on clean start or when none
     * exists (an existing one is then closed with "session taken over" and ended), else the existing one is taken
     * over and resumed. Completes on the connection's lane.
     */
    public CompletableFuture<ConnectOutcome> connect(ConnectRequest req, ClientConnection conn, ClientInfo client,
                                                     ClientAuthorizer acl, String assignedClientId) {
        CompletableFuture<ConnectOutcome> result = new CompletableFuture<>();
        connect(req, conn, client, acl, assignedClientId, result);
        return result;
    }

    private void connect(ConnectRequest req, ClientConnection conn, ClientInfo client, ClientAuthorizer acl,
                         String assignedClientId, CompletableFuture<ConnectOutcome> result) {
        String id = client.clientId();
        Session existing;
        Session fresh = null;
        synchronized (stripes[Math.floorMod(id.hashCode(), STRIPES)]) {
            existing = sessions.get(id);
            if (existing == null || req.cleanStart()) {
                fresh = new Session(id, ctx, this, conn.lane());
                sessions.put(id, fresh);
                ctx.metrics().sessionCreated();
            }
        }
        if (fresh != null) {
            if (existing != null) {
                existing.replaced();
            }
            Session s = fresh;
            conn.lane().execute(() -> {
                if (s.attach(conn, req, client, acl, false)) {
                    result.complete(new ConnectOutcome(0, null, s, false, assignedClientId, client));
                } else {
                    result.complete(superseded());
                }
            });
            return;
        }
        Session s = existing;
        s.takeOver(conn, req, client, acl,
                () -> result.complete(new ConnectOutcome(0, null, s, true, assignedClientId, client)),
                () -> connect(req, conn, client, acl, assignedClientId, result),
                () -> result.complete(superseded()));
    }

    /**
     * The answer for a connection whose session was replaced by a newer connection with the same client id
     * before it could attach: as if it had connected and been taken over at once.
     */
    private static ConnectOutcome superseded() {
        return ConnectOutcome.refused(ReasonCodes.SESSION_TAKEN_OVER,
                "session taken over by a newer connection with the same client id");
    }

    /**
     * Called once by a session that ended. A session replaced by a clean start is no longer in the map (its
     * successor is), but it still ended: the gauge counts every session once created and once ended.
     */
    void removed(Session s) {
        sessions.remove(s.clientId(), s);
        ctx.metrics().sessionEnded();
    }

    /** Applies {@code mqtt.max_session_expiry_interval}. */
    long clampExpiry(long requestedSeconds) {
        long max = Durations.seconds(ctx.config().maxSessionExpiryInterval());
        return Math.min(requestedSeconds, max);
    }

    /**
     * Recreates a session recovered from disk, offline, on {@code lane}. Called at startup before any connection
     * is accepted; {@link #startRestored} then starts the timers once every session is back.
     *
     * @throws IllegalStateException when a session with the same client id exists already
     */
    public Session restore(SessionImage image, ClientAuthorizer acl, Lane lane) {
        String id = image.client().clientId();
        Session s = new Session(id, ctx, this, lane);
        if (sessions.putIfAbsent(id, s) != null) {
            throw new IllegalStateException("a session for client id " + id + " exists already");
        }
        ctx.metrics().sessionCreated();
        s.restore(image, acl);
        return s;
    }

    /**
     * Starts the will-delay and expiry timers of restored sessions (after all of them are back, so that a will
     * published now reaches every restored subscriber); those that expired while the broker was down end now.
     */
    public void startRestored(Collection<Session> restored) {
        for (Session s : restored) {
            s.startRestoredTimers();
        }
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public int size() {
        return sessions.size();
    }

    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    /** Closes every connection with {@code disconnect} (used at shutdown). */
    public void disconnectAll(Disconnect disconnect) {
        for (Session s : sessions.values()) {
            s.kick(disconnect);
        }
    }
}
