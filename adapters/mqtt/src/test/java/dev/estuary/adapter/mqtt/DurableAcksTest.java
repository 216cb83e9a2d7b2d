package dev.estuary.adapter.mqtt;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MQTT side of {@code persistence.sync: always} with a store the test controls: PUBACK/PUBREC go out only
 * when the store says the message is durable, always in the order of the PUBLISHes (MQTT 5.0 §4.6), and a
 * publisher's connection is not read while the store refuses more.
 */
@Timeout(30)
class DurableAcksTest {
    private MqttTestServer server;
    private final HeldAcks store = new HeldAcks();

    /** A store that records nothing, holds every acknowledgement until released, and refuses on demand. */
    static final class HeldAcks implements SessionStore {
        private final List<Runnable> held = new ArrayList<>();
        final AtomicBoolean refuse = new AtomicBoolean();
        private Runnable resume;

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean defersAcks() {
            return true;
        }

        @Override
        public synchronized void afterDurable(Executor executor, Runnable ack) {
            held.add(() -> executor.execute(ack));
        }

        synchronized int heldCount() {
            return held.size();
        }

        /** Makes the {@code i}-th held acknowledgement (0-based, in arrival order) durable. */
        synchronized void release(int i) {
            held.get(i).run();
        }

        @Override
        public synchronized boolean admit(Runnable r) {
            if (refuse.get()) {
                resume = r;
                return false;
            }
            return true;
        }

        synchronized void catchUp() {
            refuse.set(false);
            resume.run();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        server = MqttTestServer.builder().broker(b -> b.sessionStore(store)).start();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acknowledgements_wait_for_the_store_and_keep_the_order_of_the_publishes() throws Exception {
        start();
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "pub", props())) {
            pub.send(MqttBytes.publish(1, false, "t", 1, props().bytes(), bytes("one")));
            pub.send(MqttBytes.publish(2, false, "t", 2, props().bytes(), bytes("two")));
            pub.send(MqttBytes.publish(1, false, "t", 3, props().bytes(), bytes("three")));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.heldCount() == 3);

            store.release(1);
            store.release(2);
            store.release(0);

            Packet first = pub.expect(Packet.PUBACK);
            Packet second = pub.expect(Packet.PUBREC);
            Packet third = pub.expect(Packet.PUBACK);
            assertThat(List.of(first.packetId(), second.packetId(), third.packetId())).containsExactly(1, 2, 3);
        }
    }

    @Test
    void nothing_is_acknowledged_before_the_store_says_so() throws Exception {
        start();
        try (RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "pub", props())) {
            pub.send(MqttBytes.publish(1, false, "t", 1, props().bytes(), bytes("one")));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.heldCount() == 1);
            pub.assertNoPacketWithin(Duration.ofMillis(200));

            store.release(0);
            assertThat(pub.expect(Packet.PUBACK).packetId()).isEqualTo(1);
        }
    }

    @Test
    void publisher_is_not_read_while_the_store_refuses_and_is_read_again_when_it_catches_up() throws Exception {
        start();
        try (RawMqttConnection sub = RawMqttConnection.connect5(server.port(), "sub", props());
             RawMqttConnection pub = RawMqttConnection.connect5(server.port(), "pub", props())) {
            sub.send(MqttBytes.subscribe(1, props().bytes(), "t", 0));
            sub.expect(Packet.SUBACK);
            store.refuse.set(true);
            pub.send(MqttBytes.publish(0, false, "t", 0, props().bytes(), bytes("first")));
            assertThat(sub.expect(Packet.PUBLISH).payloadString()).isEqualTo("first");
            pub.send(MqttBytes.publish(0, false, "t", 0, props().bytes(), bytes("second")));
            sub.assertNoPacketWithin(Duration.ofMillis(300)); // not read: still in the socket

            store.catchUp();
            assertThat(sub.expect(Packet.PUBLISH).payloadString()).isEqualTo("second");
        }
    }
}
