package dev.estuary.core;

import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.auth.Authorizer;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.hooks.Hooks;
import dev.estuary.core.message.Message;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.retain.InMemoryRetainedStore;
import dev.estuary.core.retain.RetainedStore;
import dev.estuary.core.routing.DefaultRouter;
import dev.estuary.core.routing.Router;
import dev.estuary.core.routing.TopicTree;
import dev.estuary.core.session.ClientConnection;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectOutcome;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.session.LaneGroup;
import dev.estuary.core.session.SessionContext;
import dev.estuary.core.session.SessionRegistry;
import dev.estuary.core.session.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker core: sessions, router, retained messages, hooks and metrics, wired together. Protocol front doors
 * (the MQTT listeners, the adapter SPI) call {@link #connect} and then talk to the returned session.
 */
public final class Broker {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final MqttConfig config;
    private final Clock clock;
    private final LaneGroup lanes;
    private final Hooks hooks;
    private final BrokerMetrics metrics;
    private final RetainedStore retained;
    private final Router router;
    private final SessionRegistry sessions;
    private final SessionStore store;
    /** Adapter ids whose client-id namespace ({@code {id}:...}, {@code {id}-{kind}:...}) belongs to devices. */
    private final Set<String> deviceNamespaces = ConcurrentHashMap.newKeySet();
    private volatile Authenticator authenticator;
    private volatile Authorizer authorizer;

    private Broker(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.lanes = b.lanes;
        this.hooks = new Hooks();
        this.metrics = new BrokerMetrics();
        this.retained = b.retained != null ? b.retained : new InMemoryRetainedStore();
        this.router = new DefaultRouter(new TopicTree(config.shareStrategy()));
        this.store = b.store;
        this.sessions = new SessionRegistry(new SessionContext(config, router, retained, hooks, metrics, clock,
                store));
        this.authenticator = b.authenticator;
        this.authorizer = b.authorizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Authenticates and attaches a client. Checks the client id, assigns one when it is empty, asks the
     * {@link Authenticator} (possibly on another thread), then resumes or creates the session. Completes on the
     * connection's lane.
     */
    public CompletableFuture<ConnectOutcome> connect(ConnectRequest request, ClientConnection conn) {
        ClientInfo client = request.client();
        String assigned = null;
        if (client.clientId().isEmpty()) {
            if (client.protocolVersion() == 3) {
                return refuse(client, ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID,
                        "MQTT 3.1 requires a client id of 1 to 23 characters");
            }
            if (!request.cleanStart() && client.protocolVersion() == 4) {
                return refuse(client, ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID,
                        "an empty client id requires clean session (MQTT 3.1.1 §3.1.3.1)");
            }
            assigned = newClientId();
            client = client.withClientId(assigned);
            request = request.withClient(client);
        } else if (client.clientId().length() > config.maxClientidLen()) {
            return refuse(client, ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id longer than " + config.maxClientidLen() + " characters");
        }
        if (!client.isDevice()) {
            String owner = deviceNamespaceOf(client.clientId());
            if (owner != null) {
                return refuse(client, ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID, "client id '" + client.clientId()
                        + "' is in the namespace of the devices of adapter '" + owner + "' (" + owner + ":...)");
            }
        }
        ConnectRequest req = request;
        String assignedId = assigned;
        CompletableFuture<ConnectOutcome> result = new CompletableFuture<>();
        CompletableFuture<AuthResult> auth;
        try {
            auth = authenticator.authenticate(req);
        } catch (RuntimeException e) {
            auth = CompletableFuture.failedFuture(e);
        }
        auth.whenComplete((ar, err) -> conn.lane().execute(() -> {
            if (err != null) {
                LOG.error("authentication of {} failed with an internal error", req.client().clientId(), err);
                refuse(req.client(), ReasonCodes.SERVER_UNAVAILABLE, "authentication unavailable")
                        .thenAccept(result::complete);
                return;
            }
            if (!ar.allowed()) {
                refuse(req.client(), ar.reasonCode(), ar.detail()).thenAccept(result::complete);
                return;
            }
            ClientInfo authenticated = req.client().withAuth(ar.username(), ar.superuser());
            ClientAuthorizer acl = authorizerFor(authenticated);
            sessions.connect(req.withClient(authenticated), conn, authenticated, acl, assignedId)
                    .whenComplete((outcome, e2) -> {
                        if (e2 != null) {
                            LOG.error("attaching session of {} failed", authenticated.clientId(), e2);
                            result.complete(ConnectOutcome.refused(ReasonCodes.UNSPECIFIED_ERROR,
                                    "internal error"));
                        } else {
                            if (outcome.accepted()) {
                                metrics.connected();
                            } else {
                                metrics.connectRefused();
                                hooks.connectRefused(authenticated, outcome.reasonCode(), outcome.reasonString());
                            }
                            result.complete(outcome);
                        }
                    });
        }));
        return result;
    }

    /** The ACL view for an authenticated client (superusers skip ACLs). */
    public ClientAuthorizer authorizerFor(ClientInfo client) {
        return client.superuser() ? ClientAuthorizer.ALLOW_ALL : authorizer.forClient(client);
    }

    /**
     * Reserves the client ids of the devices of adapter {@code adapterId} ({@code {adapterId}:{deviceId}} and
     * {@code {adapterId}-{kind}:{deviceId}}): from now on an MQTT client that connects with one is refused with
     * "client identifier not valid", so that it can neither take over a device's session nor pose as a device.
     */
    public void reserveDeviceNamespace(String adapterId) {
        deviceNamespaces.add(Objects.requireNonNull(adapterId, "adapterId"));
    }

    /** The adapter whose device namespace {@code clientId} is in, or null. */
    String deviceNamespaceOf(String clientId) {
        if (deviceNamespaces.isEmpty()) {
            return null;
        }
        int colon = clientId.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String kind = clientId.substring(0, colon);
        for (int dash = kind.length(); dash > 0; dash = kind.lastIndexOf('-', dash - 1)) {
            String candidate = kind.substring(0, dash);
            if (deviceNamespaces.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private CompletableFuture<ConnectOutcome> refuse(ClientInfo client, int code, String detail) {
        metrics.connectRefused();
        hooks.connectRefused(client, code, detail);
        LOG.debug("connect of '{}' from {} refused: {} ({})", client.clientId(), client.ip(),
                ReasonCodes.describe(code), detail);
        return CompletableFuture.completedFuture(ConnectOutcome.refused(code, detail));
    }

    private static String newClientId() {
        char[] c = new char[20];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return "estuary-" + new String(c);
    }

    /**
     * Publishes a message on the broker's own behalf ($SYS, status topics): stored if retained, routed, never
     * ACL-checked.
     *
     * @return the number of subscribers it was handed to
     */
    public int publish(Message message) {
        metrics.messageIn(message.qos());
        hooks.messagePublished(null, message);
        if (message.retain() && config.retainAvailable()) {
            retained.put(message);
        }
        int n = router.route(message);
        if (n == 0) {
            metrics.dropped(DropReason.NO_SUBSCRIBERS);
            hooks.messageDropped(null, message, DropReason.NO_SUBSCRIBERS);
        }
        return n;
    }

    public void setAuthenticator(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator);
    }

    public void setAuthorizer(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer);
    }

    public MqttConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public LaneGroup lanes() {
        return lanes;
    }

    public Hooks hooks() {
        return hooks;
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    public RetainedStore retained() {
        return retained;
    }

    public Router router() {
        return router;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** Where durable sessions report their changes ({@link SessionStore#NONE} without persistence). */
    public SessionStore sessionStore() {
        return store;
    }

    /** Builder; {@code config} and {@code lanes} are required. */
    public static final class Builder {
        private MqttConfig config = MqttConfig.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private LaneGroup lanes;
        private RetainedStore retained;
        private SessionStore store = SessionStore.NONE;
        private Authenticator authenticator = Authenticator.ALLOW_ALL;
        private Authorizer authorizer = Authorizer.ALLOW_ALL;

        public Builder config(MqttConfig v) {
            this.config = v;
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        public Builder lanes(LaneGroup v) {
            this.lanes = v;
            return this;
        }

        public Builder retained(RetainedStore v) {
            this.retained = v;
            return this;
        }

        /** Where durable sessions report their changes; {@link SessionStore#NONE} (the default) keeps none. */
        public Builder sessionStore(SessionStore v) {
            this.store = v;
            return this;
        }

        public Builder authenticator(Authenticator v) {
            this.authenticator = v;
            return this;
        }

        public Builder authorizer(Authorizer v) {
            this.authorizer = v;
            return this;
        }

        public Broker build() {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(lanes, "lanes");
            Objects.requireNonNull(store, "store");
            return new Broker(this);
        }
    }
}
