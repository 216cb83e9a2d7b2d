package dev.estuary.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.MqueueConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.Hooks;
import dev.estuary.core.message.Message;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.retain.InMemoryRetainedStore;
import dev.estuary.core.routing.DefaultRouter;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.routing.TopicTree;
import dev.estuary.core.testing.FakeConnection;
import dev.estuary.core.testing.ManualClock;
import dev.estuary.core.testing.ManualLane;
import dev.estuary.core.testing.RecordingEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A broker core without network for session tests: registry, tree, router, retained store, hooks and metrics
 * around a {@link ManualClock} and a {@link ManualLane}; clients are {@link FakeConnection}s.
 */
final class SessionHarness {
    final ManualClock clock = new ManualClock();
    final ManualLane lane = new ManualLane(clock, "lane0");
    final MqttConfig config;
    final TopicTree tree;
    final DefaultRouter router;
    final InMemoryRetainedStore retained = new InMemoryRetainedStore();
    final Hooks hooks = new Hooks();
    final BrokerMetrics metrics = new BrokerMetrics();
    final RecordingEvents events = new RecordingEvents();
    final SessionRegistry registry;

    SessionHarness() {
        this(MqttConfig.DEFAULTS);
    }

    SessionHarness(MqttConfig config) {
        this.config = config;
        this.tree = new TopicTree(config.shareStrategy());
        this.router = new DefaultRouter(tree);
        hooks.register(events);
        this.registry = new SessionRegistry(new SessionContext(config, router, retained, hooks, metrics, clock));
    }

    /** A config with the given mqueue settings and max inflight, the rest default. */
    static MqttConfig config(int maxInflight, int maxLen, boolean storeQos0) {
        return new MqttConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                maxInflight, null, null, null, null, new MqueueConfig(maxLen, storeQos0));
    }

    /** A connect request being put together. */
    final class Req {
        String clientId;
        int protocolVersion = 5;
        boolean cleanStart = true;
        long expiry;
        Will will;
        int receiveMaximum = 65535;
        boolean bridge;
        ClientAuthorizer acl = ClientAuthorizer.ALLOW_ALL;
        ManualLane onLane = lane;
        boolean startDelivery = true;

        Req(String clientId) {
            this.clientId = clientId;
        }

        Req persistent(long expirySeconds) {
            cleanStart = false;
            expiry = expirySeconds;
            return this;
        }

        Req cleanStart(boolean v) {
            cleanStart = v;
            return this;
        }

        Req expiry(long v) {
            expiry = v;
            return this;
        }

        Req will(String topic, String payload, long delaySeconds) {
            Message m = Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(1)
                    .publisherId(clientId).createdAtMillis(clock.millis()).build();
            will = new Will(m, delaySeconds);
            return this;
        }

        Req receiveMaximum(int v) {
            receiveMaximum = v;
            return this;
        }

        Req acl(ClientAuthorizer v) {
            acl = v;
            return this;
        }

        Req lane(ManualLane v) {
            onLane = v;
            return this;
        }

        Req bridge() {
            bridge = true;
            return this;
        }

        Req hold() {
            startDelivery = false;
            return this;
        }

        ClientInfo info() {
            return new ClientInfo(clientId, null, null, "mqtt", protocolVersion, "tcp", null, null, 60,
                    clock.millis(), bridge, false, null);
        }

        ConnectRequest request() {
            return new ConnectRequest(info(), null, cleanStart, expiry, will, receiveMaximum, 0, 0, false, true);
        }

        Client connect() {
            FakeConnection conn = new FakeConnection(onLane);
            CompletableFuture<ConnectOutcome> f = registry.connect(request(), conn, info(), acl, null);
            return finish(f, conn);
        }

        Client finish(CompletableFuture<ConnectOutcome> f, FakeConnection conn) {
            assertThat(f).as("connect completes on the lane").isDone();
            ConnectOutcome outcome = f.join();
            assertThat(outcome.accepted()).isTrue();
            Client c = new Client(conn, outcome);
            if (startDelivery) {
                c.session().startDelivery(conn);
            }
            return c;
        }
    }

    Req req(String clientId) {
        return new Req(clientId);
    }

    Client connect(String clientId) {
        return req(clientId).connect();
    }

    /** One connected client. */
    record Client(FakeConnection conn, ConnectOutcome outcome) {
        Session session() {
            return outcome.session();
        }

        String id() {
            return outcome.session().clientId();
        }

        List<Integer> subscribe(String topic, int qos) {
            return session().subscribe(conn, List.of(new SubscribeRequest(topic, SubscriptionOptions.qos(qos))), 0);
        }

        List<Integer> subscribe(String topic, SubscriptionOptions opts, int subscriptionId) {
            return session().subscribe(conn, List.of(new SubscribeRequest(topic, opts)), subscriptionId);
        }

        int publish(String topic, String payload, int qos, int packetId) {
            return session().onPublish(conn, message(topic, payload, qos, id()), packetId);
        }

        void lose() {
            session().detach(conn, Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "connection lost"));
        }

        void disconnectNormally() {
            session().detach(conn, Disconnect.of(DisconnectReason.NORMAL, 0, null));
        }

        List<String> payloads() {
            return conn.payloads();
        }
    }

    static Message message(String topic, String payload, int qos, String publisherId) {
        return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos)
                .publisherId(publisherId).build();
    }

    /** Publishes on the broker's own behalf (no publisher session). */
    int publish(String topic, String payload, int qos) {
        return router.route(message(topic, payload, qos, null));
    }

    int publish(Message m) {
        return router.route(m);
    }

    /** Publishes a retained message on the broker's own behalf: stored, then routed. */
    int publishRetained(String topic, String payload) {
        Message m = Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(1).retain(true)
                .build();
        retained.put(m);
        return router.route(m);
    }

    Message expiring(String topic, String payload, int qos, Duration ttl) {
        return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos)
                .createdAtMillis(clock.millis()).expiresAtMillis(clock.millis() + ttl.toMillis()).build();
    }

    static SubscriptionOptions opts(int qos, boolean noLocal, boolean rap, RetainHandling rh) {
        return new SubscriptionOptions(qos, noLocal, rap, rh);
    }

    /** No task on the lane failed. */
    void assertLaneClean() {
        assertThat(lane.failures()).isEmpty();
    }
}
