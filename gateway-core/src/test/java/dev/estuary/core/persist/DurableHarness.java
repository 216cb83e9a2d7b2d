package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Broker;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.PersistenceConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.retain.InMemoryRetainedStore;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectOutcome;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SubscribeRequest;
import dev.estuary.core.session.Will;
import dev.estuary.core.testing.FakeConnection;
import dev.estuary.core.testing.ManualClock;
import dev.estuary.core.testing.ManualLane;
import dev.estuary.core.testing.RecordingEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A broker core with a real {@link DurableStore} on a folder, restartable: {@link #restart()} closes cleanly and
 * starts a new broker on the same folder; {@link #crash()} copies the folder as it is on disk after a sync and
 * starts the new broker on the copy, abandoning the old one as a killed process would. Sessions run on a
 * {@link ManualLane} on the test thread with a {@link ManualClock}; clients are {@link FakeConnection}s.
 */
final class DurableHarness implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final MqttConfig mqtt;
    final PersistenceConfig persistence;
    private final Path base;
    private final List<DurableStore> abandoned = new ArrayList<>();
    private int copies;
    Path dir;
    ManualLane lane;
    Broker broker;
    DurableStore store;
    RecordingEvents events;
    RecoveryReport report;

    DurableHarness(Path base, PersistenceConfig persistence) {
        this(base, persistence, MqttConfig.DEFAULTS);
    }

    DurableHarness(Path base, PersistenceConfig persistence, MqttConfig mqtt) {
        this.base = base;
        this.persistence = persistence;
        this.mqtt = mqtt;
        this.dir = base.resolve("durable");
        start();
    }

    /** Opens the store on {@link #dir}, recovers, restores into a fresh broker. */
    void start() {
        lane = new ManualLane(clock, "lane");
        store = new DurableStore(persistence, clock);
        broker = Broker.builder().config(mqtt).clock(clock).lanes(lane.asGroup()).sessionStore(store)
                .retained(store.retained(new InMemoryRetainedStore())).build();
        events = new RecordingEvents();
        broker.hooks().register(events);
        store.open(dir);
        report = store.restore(broker);
    }

    /** Clean stop (connections closed as at shutdown, everything flushed), then start on the same folder. */
    void restart() {
        stop();
        start();
    }

    void stop() {
        broker.sessions().disconnectAll(Disconnect.of(DisconnectReason.SERVER_SHUTDOWN, 0x8B, "shutdown"));
        store.close();
    }

    /**
     * As if the process died right after its last sync: the folder is copied as it is now (after waiting for
     * what was reported to be synced) and a new broker starts on the copy; the old one is left running, unseen.
     */
    void crash() throws IOException, InterruptedException {
        assertThat(store.flush(10, TimeUnit.SECONDS)).isTrue();
        Path copy = base.resolve("durable-copy-" + (++copies));
        copyFolder(dir, copy);
        abandoned.add(store);
        dir = copy;
        start();
    }

    /** Copies the folder without waiting for a sync: what a kill at this moment could leave. */
    static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    @Override
    public void close() {
        store.close();
        for (DurableStore s : abandoned) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ clients

    /** A connected client. */
    final class Client {
        final String id;
        final FakeConnection conn;
        final Session session;
        final boolean sessionPresent;

        Client(String id, FakeConnection conn, ConnectOutcome outcome) {
            this.id = id;
            this.conn = conn;
            this.session = outcome.session();
            this.sessionPresent = outcome.sessionPresent();
        }

        void subscribe(String filter, int qos) {
            assertThat(session.subscribe(conn, List.of(new SubscribeRequest(filter, SubscriptionOptions.qos(qos))),
                    0)).containsExactly(qos);
        }

        void subscribe(String filter, SubscriptionOptions options, int subscriptionId) {
            session.subscribe(conn, List.of(new SubscribeRequest(filter, options)), subscriptionId);
        }

        int publish(String topic, String payload, int qos, int packetId) {
            return session.onPublish(conn, message(topic, payload, qos, false), packetId);
        }

        int publishRetained(String topic, String payload) {
            return session.onPublish(conn, message(topic, payload, 1, true), 1);
        }

        Message message(String topic, String payload, int qos, boolean retain) {
            return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos).retain(retain)
                    .publisherId(id).createdAtMillis(clock.millis()).build();
        }

        void lose() {
            session.detach(conn, Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "lost"));
        }

        void disconnectNormally() {
            session.detach(conn, Disconnect.of(DisconnectReason.NORMAL, 0, null));
        }

        List<String> payloads() {
            return conn.payloads();
        }
    }

    Client connect(String id, boolean cleanStart, long expirySeconds) {
        return connect(id, cleanStart, expirySeconds, null, 65535);
    }

    Client connect(String id, boolean cleanStart, long expirySeconds, Will will, int receiveMaximum) {
        FakeConnection conn = new FakeConnection(lane);
        ClientInfo info = new ClientInfo(id, "user-" + id, null, "mqtt", 5, "tcp", null, null, 60, clock.millis(),
                false, false, null);
        ConnectRequest req = new ConnectRequest(info, null, cleanStart, expirySeconds, will, receiveMaximum, 0, 0,
                false, true);
        CompletableFuture<ConnectOutcome> f = broker.connect(req, conn);
        assertThat(f).isDone();
        ConnectOutcome outcome = f.join();
        assertThat(outcome.accepted()).as(outcome.reasonString()).isTrue();
        outcome.session().startDelivery(conn);
        return new Client(id, conn, outcome);
    }

    /** A persistent MQTT 5 session: no clean start, one hour expiry. */
    Client persistent(String id) {
        return connect(id, false, 3600);
    }

    Message brokerMessage(String topic, String payload, int qos) {
        return Message.builder(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos)
                .createdAtMillis(clock.millis()).build();
    }
}
