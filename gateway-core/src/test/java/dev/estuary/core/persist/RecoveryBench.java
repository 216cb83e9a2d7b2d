package dev.estuary.core.persist;

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
import dev.estuary.core.testing.FakeConnection;
import dev.estuary.core.testing.ManualClock;
import dev.estuary.core.testing.ManualLane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Recovery time for {@code docs/durability.md}: builds a durable state of {@code R} retained messages and
 * {@code S} offline persistent sessions (two subscriptions and {@code Q} queued QoS 1 messages each), stops
 * cleanly, then measures {@link DurableStore#open} + {@link DurableStore#restore} into a fresh broker twice: once
 * replaying the log (the first start after the state was built) and once from the snapshot that start wrote.
 * Not a unit test; run with {@code java -cp <test classpath> dev.estuary.core.persist.RecoveryBench [R S Q]}.
 * {@link RecoveryScaleTest} runs a small version of the same.
 */
public final class RecoveryBench {
    private RecoveryBench() {
    }

    /** What one measured start found and took. */
    record Start(RecoveryReport report, long openMillis, long restoreMillis, long folderBytes, Broker broker) {
    }

    public static void main(String[] args) throws Exception {
        int retained = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int queued = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("recovery-bench");
        ManualClock clock = new ManualClock();
        long t0 = System.nanoTime();
        build(dir, clock, retained, sessions, queued);
        System.out.printf("built %d retained, %d sessions x %d queued in %d ms; folder %d KB%n", retained, sessions,
                queued, (System.nanoTime() - t0) / 1_000_000, size(dir) / 1024);
        for (String from : List.of("log", "snapshot")) {
            Start s = measure(dir, clock);
            System.out.printf("from %-8s: open %5d ms + restore %5d ms = %5d ms; %s; folder %d KB%n", from,
                    s.openMillis, s.restoreMillis, s.openMillis + s.restoreMillis, s.report.summary(),
                    s.folderBytes / 1024);
            stop(s.broker);
        }
    }

    /** Builds the state and stops cleanly. */
    static void build(Path dir, ManualClock clock, int retained, int sessions, int queued) {
        ManualLane lane = new ManualLane(clock, "bench");
        DurableStore store = new DurableStore(PersistenceConfig.DEFAULTS.withSync("interval"), clock);
        Broker broker = broker(store, lane, clock);
        store.open(dir);
        store.restore(broker);
        byte[] payload = new byte[100];
        for (int i = 0; i < retained; i++) {
            broker.publish(Message.builder("sensors/" + (i / 1000) + "/" + i + "/state").payload(payload).qos(1)
                    .retain(true).createdAtMillis(clock.millis()).build());
        }
        for (int i = 0; i < sessions; i++) {
            String id = "client-" + i;
            FakeConnection conn = new FakeConnection(lane);
            ClientInfo info = new ClientInfo(id, "user" + i, null, "mqtt", 5, "tcp", null, null, 60, clock.millis(),
                    false, false, null);
            ConnectOutcome o = broker.connect(new ConnectRequest(info, null, false, 86_400, null, 65535, 0, 0,
                    false, true), conn).join();
            Session s = o.session();
            s.startDelivery(conn);
            s.subscribe(conn, List.of(new SubscribeRequest("cmd/" + id + "/#", SubscriptionOptions.qos(1)),
                    new SubscribeRequest("fleet/" + (i % 100) + "/+", SubscriptionOptions.qos(2))), 0);
            s.detach(conn, Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "bench"));
            for (int q = 0; q < queued; q++) {
                broker.publish(Message.builder("cmd/" + id + "/set").payload(("command " + q)
                        .getBytes(StandardCharsets.UTF_8)).qos(1).createdAtMillis(clock.millis()).build());
            }
        }
        store.close();
    }

    static Start measure(Path dir, ManualClock clock) throws IOException {
        ManualLane lane = new ManualLane(clock, "bench");
        DurableStore store = new DurableStore(PersistenceConfig.DEFAULTS.withSync("interval"), clock);
        Broker broker = broker(store, lane, clock);
        long t0 = System.nanoTime();
        store.open(dir);
        long t1 = System.nanoTime();
        RecoveryReport report = store.restore(broker);
        long t2 = System.nanoTime();
        return new Start(report, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, size(dir), broker);
    }

    static void stop(Broker broker) throws InterruptedException {
        DurableStore store = (DurableStore) broker.sessionStore();
        store.flush(30, TimeUnit.SECONDS);
        store.close();
    }

    private static Broker broker(DurableStore store, ManualLane lane, ManualClock clock) {
        return Broker.builder().config(MqttConfig.DEFAULTS).clock(clock).lanes(lane.asGroup()).sessionStore(store)
                .retained(store.retained(new InMemoryRetainedStore())).build();
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
