package dev.estuary.adapter.mqtt.mqtt5;

import static dev.estuary.adapter.mqtt.testing.MqttBytes.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.estuary.adapter.mqtt.testing.MqttBytes;
import dev.estuary.adapter.mqtt.testing.MqttConfigOverrides;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection;
import dev.estuary.adapter.mqtt.testing.RawMqttConnection.Packet;
import dev.estuary.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shared subscriptions (MQTT 5.0 §4.8.2) {@code $share/{group}/{filter}} and EMQX's {@code $queue/{filter}}:
 * every message goes to exactly one member of each group, chosen by {@code mqtt.shared_subscription_strategy};
 * QoS 1/2 messages a member did not acknowledge are redispatched when it disconnects; retained messages are not
 * sent to shared subscriptions; No Local on a shared subscription is a protocol error.
 *
 * <p>Members are HiveMQ MQTT clients (they also exercise subscription identifiers, which the HiveMQ client uses
 * to route messages to its subscriptions), and so is the publisher; Paho mqttv3 joins a group too; a raw client
 * holds acknowledgements back. Counting is exact without sleeps: after the test messages the publisher sends a
 * marker to a plain subscription every member has, and since each session delivers in routing order, a member
 * that has the marker has everything routed to it before.
 */
@Timeout(60)
class SharedSubscriptionTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MqttTestServer server;
    private Mqtt5BlockingClient publisher;
    private int markers;

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String strategy) throws Exception {
        MqttConfigOverrides config = MqttConfigOverrides.defaults();
        if (strategy != null) {
            config.sharedSubscriptionStrategy(strategy);
        }
        server = MqttTestServer.builder().mqtt(config.build()).start();
        publisher = hivemq("publisher");
    }

    // ---------------------------------------------------------------- dispatch

    @Test
    void round_robin_is_the_default_and_gives_each_member_an_equal_share_of_messages() throws Exception {
        start(null);
        List<Member> members = members("$share/workers/jobs/#", "rr-1", "rr-2", "rr-3");
        publishAll("jobs/a", 30);
        settle(members);
        assertEachMessageExactlyOnce(members, 30);
        for (Member m : members) {
            assertThat(m.received()).as(m.id).hasSize(10);
        }
    }

    @Test
    void queue_prefix_is_a_shared_subscription_with_one_member_per_message() throws Exception {
        start(null);
        List<Member> members = members("$queue/tasks/+", "q-1", "q-2");
        publishAll("tasks/x", 10);
        settle(members);
        assertEachMessageExactlyOnce(members, 10);
        assertThat(members.get(0).received()).hasSize(5);
    }

    @Test
    void every_group_and_every_plain_subscriber_gets_each_message_once() throws Exception {
        start(null);
        List<Member> groupA = members("$share/a/news/#", "a-1", "a-2");
        List<Member> groupB = members("$share/b/news/#", "b-1");
        List<Member> plain = members("news/#", "plain");
        publishAll("news/today", 10);
        List<Member> all = new ArrayList<>(groupA);
        all.addAll(groupB);
        all.addAll(plain);
        settle(all);
        assertEachMessageExactlyOnce(groupA, 10);
        assertEachMessageExactlyOnce(groupB, 10);
        assertEachMessageExactlyOnce(plain, 10);
    }

    @Test
    void a_member_that_unsubscribes_gets_no_more_messages() throws Exception {
        start(null);
        List<Member> members = members("$share/g/u/#", "u-1", "u-2");
        members.get(0).client.unsubscribeWith().topicFilter("$share/g/u/#").send().get(5, TimeUnit.SECONDS);
        publishAll("u/1", 8);
        settle(members);
        assertThat(members.get(0).received()).isEmpty();
        assertThat(members.get(1).received()).hasSize(8);
    }

    @Test
    void mqtt311_and_mqtt5_clients_share_one_group() throws Exception {
        start(null);
        Member v5 = members("$share/mixed/m/#", "mixed-5").get(0);
        List<String> v3Got = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger v3Markers = new AtomicInteger();
        org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                server.uri(), "mixed-3", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        closeables.add(() -> {
            if (v3.isConnected()) {
                v3.disconnect();
            }
            v3.close();
        });
        // Paho v3 cannot match "$share/..." filters to per-subscription listeners; one callback sees all
        v3.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                if (topic.equals("ctl/marker")) {
                    v3Markers.incrementAndGet();
                } else {
                    v3Got.add(new String(m.getPayload(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        v3.connect();
        v3.subscribe(new String[] {"$share/mixed/m/#", "ctl/marker"}, new int[] {1, 1});
        publishAll("m/x", 10);
        int marker = sendMarker();
        await().atMost(Duration.ofSeconds(10)).until(() -> v5.markers.get() >= marker && v3Markers.get() >= marker);
        Set<String> all = new HashSet<>(v5.received());
        all.addAll(v3Got);
        assertThat(v5.received().size() + v3Got.size()).isEqualTo(10);
        assertThat(all).hasSize(10);
        assertThat(v3Got).hasSize(5);
    }

    // ---------------------------------------------------------------- strategies

    @Test
    void random_strategy_sends_each_message_to_exactly_one_member_spread_over_the_group() throws Exception {
        start("random");
        List<Member> members = members("$share/g/r/#", "rand-1", "rand-2", "rand-3");
        publishAll("r/x", 60);
        settle(members);
        assertEachMessageExactlyOnce(members, 60);
        long used = members.stream().filter(m -> !m.received().isEmpty()).count();
        assertThat(used).as("members chosen at random (all 60 to one has probability 3^-59)").isGreaterThan(1);
    }

    @Test
    void sticky_strategy_keeps_one_member_until_it_goes_away() throws Exception {
        start("sticky");
        List<Member> members = members("$share/g/s/#", "sticky-1", "sticky-2", "sticky-3");
        publishAll("s/x", 20);
        settle(members);
        assertEachMessageExactlyOnce(members, 20);
        Member chosen = members.stream().filter(m -> !m.received().isEmpty()).findFirst().orElseThrow();
        assertThat(chosen.received()).hasSize(20);

        chosen.client.disconnect().get(5, TimeUnit.SECONDS);
        List<Member> rest = new ArrayList<>(members);
        rest.remove(chosen);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Session s = server.broker().sessions().get(chosen.id);
            return s == null || !s.isOnline();
        });
        for (Member m : rest) {
            m.clear();
        }
        publishAll("s/y", 20);
        settle(rest);
        assertEachMessageExactlyOnce(rest, 20);
        assertThat(rest.stream().filter(m -> m.received().size() == 20).count())
                .as("one remaining member took over all messages").isEqualTo(1);
    }

    @Test
    void hash_clientid_strategy_sends_all_messages_of_one_publisher_to_one_member() throws Exception {
        start("hash_clientid");
        List<Member> members = members("$share/g/h/#", "hc-1", "hc-2", "hc-3");
        List<String> publishers = List.of("sensor-alpha", "sensor-beta", "sensor-gamma", "sensor-delta",
                "sensor-epsilon");
        for (String p : publishers) {
            Mqtt5BlockingClient pub = hivemq(p);
            for (int i = 0; i < 6; i++) {
                pub.publishWith().topic("h/" + i).qos(MqttQos.AT_LEAST_ONCE)
                        .payload((p + "#" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
        }
        settle(members);
        assertEachMessageExactlyOnce(members, publishers.size() * 6);
        for (String p : publishers) {
            assertThat(members.stream().filter(m -> m.received().stream().anyMatch(s -> s.startsWith(p + "#")))
                    .count()).as("members that got messages of %s", p).isEqualTo(1);
        }
    }

    @Test
    void hash_topic_strategy_sends_all_messages_of_one_topic_to_one_member() throws Exception {
        start("hash_topic");
        List<Member> members = members("$share/g/ht/#", "ht-1", "ht-2", "ht-3");
        for (int round = 0; round < 5; round++) {
            for (int t = 0; t < 6; t++) {
                publish("ht/topic-" + t, "topic-" + t + "#" + round, 1, false);
            }
        }
        settle(members);
        assertEachMessageExactlyOnce(members, 30);
        for (int t = 0; t < 6; t++) {
            String prefix = "topic-" + t + "#";
            assertThat(members.stream().filter(m -> m.received().stream().anyMatch(s -> s.startsWith(prefix)))
                    .count()).as("members that got messages on topic %d", t).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- redispatch, retained, no local

    /**
     * A member receives a QoS 1/2 message, holds the acknowledgement back and drops the connection; the message
     * goes to another member of the group, whether the first member's session ends (expiry 0) or stays.
     */
    @ParameterizedTest(name = "QoS {0}, session expiry {1}")
    @CsvSource({"1, 0", "1, 300", "2, 0", "2, 300"})
    void unacknowledged_message_is_redispatched_to_another_member_when_its_member_disconnects(
            int qos, int sessionExpiry) throws Exception {
        start(null);
        RawMqttConnection holder = RawMqttConnection.connect5(server.port(), "holder",
                props().sessionExpiry(sessionExpiry));
        closeables.add(holder);
        holder.send(MqttBytes.subscribe(1, props().bytes(), "$share/g/work/#", 2));
        assertThat(holder.expect(Packet.SUBACK).reasonCodes()).containsExactly(2);

        publish("work/1", "job-1", qos, false);
        Packet held = holder.expect(Packet.PUBLISH);
        assertThat(held.payloadString()).isEqualTo("job-1");
        assertThat(held.qos()).isEqualTo(qos);

        Member other = members("$share/g/work/#", "other").get(0);
        holder.close(); // no PUBACK / PUBREC: the message is still unacknowledged
        await().atMost(Duration.ofSeconds(10)).until(() -> other.received().contains("job-1"));
        settle(List.of(other));
        assertThat(other.received()).containsExactly("job-1");
    }

    @Test
    void qos2_message_already_acknowledged_with_pubrec_is_not_redispatched() throws Exception {
        start(null);
        RawMqttConnection holder = RawMqttConnection.connect5(server.port(), "holder2", props());
        closeables.add(holder);
        holder.send(MqttBytes.subscribe(1, props().bytes(), "$share/g/work/#", 2));
        holder.expect(Packet.SUBACK);
        publish("work/2", "job-2", 2, false);
        Packet held = holder.expect(Packet.PUBLISH);
        holder.send(MqttBytes.pubrec(held.packetId()));
        assertThat(holder.expect(Packet.PUBREL).packetId()).isEqualTo(held.packetId());

        Member other = members("$share/g/work/#", "other2").get(0);
        Session s = server.broker().sessions().get("holder2");
        holder.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> s.isTerminated());
        onLane(s); // the detach, and any redispatch, has run
        settle(List.of(other));
        assertThat(other.received()).as("the holder received it: delivered once").isEmpty();
    }

    @Test
    void shared_subscription_gets_no_retained_messages_but_a_plain_one_does() throws Exception {
        start(null);
        publish("ret/a", "old-state", 1, true);

        try (RawMqttConnection shared = RawMqttConnection.connect5(server.port(), "shared-ret", props());
             RawMqttConnection plain = RawMqttConnection.connect5(server.port(), "plain-ret", props())) {
            shared.send(MqttBytes.subscribe(1, props().bytes(), "$share/g/ret/#", 1));
            shared.expect(Packet.SUBACK);
            plain.send(MqttBytes.subscribe(1, props().bytes(), "ret/#", 1));
            plain.expect(Packet.SUBACK);
            Packet first = plain.expect(Packet.PUBLISH);
            assertThat(first.payloadString()).isEqualTo("old-state");
            assertThat(first.retain()).isTrue();

            publish("ret/a", "live", 1, false);
            Packet got = shared.expect(Packet.PUBLISH);
            assertThat(got.payloadString()).as("the first message the shared member sees").isEqualTo("live");
            assertThat(got.retain()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"$share/g/nl/#", "$queue/nl/#"})
    void no_local_on_a_shared_subscription_is_a_protocol_error(String filter) throws Exception {
        start(null);
        try (RawMqttConnection c = RawMqttConnection.connect5(server.port(), "no-local-shared", props())) {
            c.send(MqttBytes.subscribe(1, props().bytes(), filter, 0x04 | 1)); // No Local + QoS 1
            List<Packet> last = c.awaitClosed();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).type()).isEqualTo(Packet.DISCONNECT);
            assertThat(last.get(0).reasonCode()).isEqualTo(0x82);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Mqtt5BlockingClient hivemq(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(server.port()).buildBlocking();
        c.connect();
        closeables.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    /** Publishes and, for QoS 1/2, returns once the broker has acknowledged (and so routed) the message. */
    private void publish(String topic, String payload, int qos, boolean retain) {
        publisher.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    private void publishAll(String topic, int n) {
        for (int i = 0; i < n; i++) {
            publish(topic, "m" + i, 1, false);
        }
    }

    private List<Member> members(String filter, String... ids) throws Exception {
        List<Member> out = new ArrayList<>();
        for (String id : ids) {
            Member m = new Member(server.port(), id, filter);
            closeables.add(m);
            out.add(m);
        }
        return out;
    }

    /** Publishes a marker and waits until every member has it, so that their counts are final. */
    private void settle(List<Member> members) throws Exception {
        int marker = sendMarker();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> members.stream().allMatch(m -> m.markers.get() >= marker));
    }

    private int sendMarker() throws Exception {
        markers++;
        publish("ctl/marker", "marker", 1, false);
        return markers;
    }

    private static void assertEachMessageExactlyOnce(List<Member> members, int expected) {
        Map<String, Integer> counts = new HashMap<>();
        for (Member m : members) {
            for (String s : m.received()) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        assertThat(counts.values()).as("deliveries per message").allMatch(n -> n == 1);
        assertThat(counts).as("distinct messages").hasSize(expected);
    }

    /** Runs after everything already queued on the session's lane. */
    private static void onLane(Session s) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.runOnLane(() -> done.complete(null));
        done.get(5, TimeUnit.SECONDS);
    }

    /** A group member: a HiveMQ MQTT 5 client subscribed to the shared filter and to the marker topic. */
    private static final class Member implements AutoCloseable {
        final String id;
        final Mqtt5AsyncClient client;
        final AtomicInteger markers = new AtomicInteger();
        private final List<String> received = Collections.synchronizedList(new ArrayList<>());

        Member(int port, String id, String filter) throws Exception {
            this.id = id;
            this.client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                    .serverPort(port).buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> {
                if (p.getTopic().toString().equals("ctl/marker")) {
                    markers.incrementAndGet();
                } else {
                    received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
            });
            client.connect().get(5, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).send().get(5, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter("ctl/marker").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(5, TimeUnit.SECONDS);
        }

        List<String> received() {
            synchronized (received) {
                return new ArrayList<>(received);
            }
        }

        void clear() {
            received.clear();
        }

        @Override
        public void close() throws Exception {
            if (client.getState().isConnected()) {
                client.disconnect().get(5, TimeUnit.SECONDS);
            }
        }
    }
}
