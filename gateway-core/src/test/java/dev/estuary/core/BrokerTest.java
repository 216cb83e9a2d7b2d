package dev.estuary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectOutcome;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.testing.DenyingAuthorizer;
import dev.estuary.core.testing.FakeConnection;
import dev.estuary.core.testing.ManualClock;
import dev.estuary.core.testing.ManualLane;
import dev.estuary.core.testing.RecordingEvents;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Broker#connect}: client id rules (MQTT 3.1.1 §3.1.3.1, MQTT 5.0 §3.1.3.1) and authentication. */
@Timeout(10)
class BrokerTest {
    private final ManualClock clock = new ManualClock();
    private final ManualLane lane = new ManualLane(clock, "lane0");
    private final RecordingEvents events = new RecordingEvents();
    private Broker broker = broker(MqttConfig.DEFAULTS);

    private Broker broker(MqttConfig config) {
        Broker b = Broker.builder().config(config).clock(clock).lanes(lane.asGroup()).build();
        b.hooks().register(events);
        return b;
    }

    @AfterEach
    void lane_ran_every_task_without_failure() {
        assertThat(lane.failures()).isEmpty();
    }

    private static ClientInfo client(String id, int version, String username) {
        return new ClientInfo(id, username, null, "mqtt", version, "tcp", null, null, 60, 0, false, false, null);
    }

    private static ConnectRequest request(String id, int version, boolean cleanStart) {
        return new ConnectRequest(client(id, version, "user"), null, cleanStart, cleanStart ? 0 : 3600, null, 65535,
                0, 0, false, true);
    }

    private ConnectOutcome connect(ConnectRequest req) {
        return connect(req, new FakeConnection(lane));
    }

    private ConnectOutcome connect(ConnectRequest req, FakeConnection conn) {
        CompletableFuture<ConnectOutcome> f = broker.connect(req, conn);
        assertThat(f).isDone();
        return f.join();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void empty_client_id_with_clean_start_gets_an_assigned_id(int version) {
        ConnectOutcome first = connect(request("", version, true));
        ConnectOutcome second = connect(request("", version, true));
        assertThat(first.accepted()).isTrue();
        assertThat(first.assignedClientId()).matches("estuary-[0-9a-z]{20}");
        assertThat(first.session().clientId()).isEqualTo(first.assignedClientId());
        assertThat(first.client().clientId()).isEqualTo(first.assignedClientId());
        assertThat(second.assignedClientId()).isNotEqualTo(first.assignedClientId());
        assertThat(broker.sessions().get(first.assignedClientId())).isSameAs(first.session());
    }

    @Test
    void chosen_client_id_is_not_reported_as_assigned() {
        ConnectOutcome o = connect(request("dev-1", 5, true));
        assertThat(o.accepted()).isTrue();
        assertThat(o.assignedClientId()).isNull();
        assertThat(broker.metrics().connects()).isEqualTo(1);
    }

    @Test
    void empty_client_id_without_clean_session_is_refused_for_mqtt_3_1_1() {
        ConnectOutcome o = connect(request("", 4, false));
        assertThat(o.accepted()).isFalse();
        assertThat(o.reasonCode()).isEqualTo(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(o.reasonString()).contains("clean session");
        assertThat(broker.metrics().connectsRefused()).isEqualTo(1);
        assertThat(events.refused).containsExactly(":" + ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(broker.sessions().size()).isZero();
    }

    @Test
    void empty_client_id_is_refused_for_mqtt_3_1() {
        // MQTT 3.1 §3.1: the client identifier must be 1 to 23 characters; there are no assigned ids
        ConnectOutcome o = connect(request("", 3, true));
        assertThat(o.reasonCode()).isEqualTo(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void empty_client_id_without_clean_start_is_assigned_one_for_mqtt_5() {
        ConnectOutcome o = connect(request("", 5, false));
        assertThat(o.accepted()).isTrue();
        assertThat(o.assignedClientId()).startsWith("estuary-");
        assertThat(o.sessionPresent()).isFalse();
    }

    @Test
    void client_id_longer_than_max_clientid_len_is_refused() {
        broker = broker(new MqttConfig(null, 23, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
        assertThat(connect(request("x".repeat(23), 4, true)).accepted()).isTrue();
        ConnectOutcome o = connect(request("x".repeat(24), 4, true));
        assertThat(o.reasonCode()).isEqualTo(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(o.reasonString()).contains("23");
    }

    @Test
    void authenticator_refusal_is_passed_on_with_its_reason() {
        broker.setAuthenticator(r -> CompletableFuture.completedFuture(
                AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "wrong password")));
        ConnectOutcome o = connect(request("dev", 5, true));
        assertThat(o.accepted()).isFalse();
        assertThat(o.reasonCode()).isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
        assertThat(o.reasonString()).isEqualTo("wrong password");
        assertThat(o.session()).isNull();
        assertThat(broker.sessions().get("dev")).isNull();
        assertThat(broker.metrics().connectsRefused()).isEqualTo(1);
        assertThat(broker.metrics().connects()).isZero();
    }

    @Test
    void authenticator_that_throws_refuses_with_server_unavailable() {
        broker.setAuthenticator(r -> {
            throw new IllegalStateException("database down");
        });
        ConnectOutcome o = connect(request("dev", 5, true));
        assertThat(o.reasonCode()).isEqualTo(ReasonCodes.SERVER_UNAVAILABLE);
        assertThat(broker.sessions().size()).isZero();
    }

    @Test
    void authenticator_that_fails_its_future_refuses_with_server_unavailable() {
        broker.setAuthenticator(r -> CompletableFuture.failedFuture(new IllegalStateException("timeout")));
        assertThat(connect(request("dev", 5, true)).reasonCode()).isEqualTo(ReasonCodes.SERVER_UNAVAILABLE);
    }

    @Test
    void authenticator_may_answer_later() {
        CompletableFuture<AuthResult> pending = new CompletableFuture<>();
        AtomicReference<ConnectRequest> asked = new AtomicReference<>();
        broker.setAuthenticator(r -> {
            asked.set(r);
            return pending;
        });
        CompletableFuture<ConnectOutcome> f = broker.connect(request("dev", 5, true), new FakeConnection(lane));
        assertThat(f).isNotDone();
        assertThat(asked.get().client().clientId()).isEqualTo("dev");
        pending.complete(AuthResult.allow("cn-from-cert", false));
        assertThat(f).isDone();
        assertThat(f.join().client().username()).as("the authenticator's username wins").isEqualTo("cn-from-cert");
    }

    @Test
    void normal_clients_get_the_authorizers_acl_and_superusers_skip_it() {
        broker.setAuthorizer(c -> new DenyingAuthorizer().denyPublish(""));
        broker.setAuthenticator(r -> CompletableFuture.completedFuture(
                AuthResult.allow(r.client().username(), r.client().clientId().equals("admin"))));
        FakeConnection userConn = new FakeConnection(lane);
        ConnectOutcome user = connect(request("user", 5, true), userConn);
        FakeConnection adminConn = new FakeConnection(lane);
        ConnectOutcome admin = connect(request("admin", 5, true), adminConn);
        assertThat(admin.client().superuser()).isTrue();
        Message m = Message.builder("t").payload("x".getBytes(StandardCharsets.UTF_8)).qos(1).build();
        assertThat(user.session().onPublish(userConn, m, 1)).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
        assertThat(admin.session().onPublish(adminConn, m, 1)).isEqualTo(ReasonCodes.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void broker_publish_routes_counts_and_stores_retained() {
        Message retained = Message.builder("$SYS/uptime").payload("1".getBytes(StandardCharsets.UTF_8))
                .retain(true).build();
        assertThat(broker.publish(retained)).isZero();
        assertThat(broker.retained().get("$SYS/uptime")).isSameAs(retained);
        assertThat(broker.metrics().droppedCount(DropReason.NO_SUBSCRIBERS)).isEqualTo(1);
        assertThat(broker.metrics().messagesIn(0)).isEqualTo(1);

        broker = broker(new MqttConfig(null, null, null, null, null, null, false, null, null, null, null, null,
                null, null, null, null, null, null, null, null));
        broker.publish(retained);
        assertThat(broker.retained().size()).as("retain_available off").isZero();
    }

    @Test
    void connection_and_session_gauges_balance_across_takeover_and_disconnect() {
        FakeConnection first = new FakeConnection(lane);
        connect(request("dev", 5, false), first);
        FakeConnection second = new FakeConnection(lane);
        ConnectOutcome resumed = connect(request("dev", 5, false), second);
        assertThat(resumed.sessionPresent()).isTrue();
        assertThat(broker.metrics().connections()).isEqualTo(1);
        assertThat(broker.metrics().sessions()).isEqualTo(1);
        // the first connection's own close event arrives late: it must not count twice
        resumed.session().detach(first, Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "closed"));
        assertThat(broker.metrics().connections()).isEqualTo(1);
        resumed.session().detach(second, Disconnect.of(DisconnectReason.NORMAL, 0, null));
        assertThat(broker.metrics().connections()).isZero();
        assertThat(broker.metrics().connectionsMax()).isEqualTo(1);
        assertThat(broker.metrics().sessions()).as("persistent session kept").isEqualTo(1);
        connect(request("dev", 5, true));
        assertThat(broker.metrics().sessions()).as("clean start replaced it").isEqualTo(1);
        assertThat(broker.metrics().sessionsMax()).isEqualTo(2);
    }

    @Test
    void failing_event_listener_does_not_break_the_broker() {
        broker.hooks().register(new BrokerEvents() {
            @Override
            public void clientConnected(ClientInfo client, boolean sessionPresent) {
                throw new IllegalStateException("listener bug");
            }
        });
        assertThat(broker.hooks().active()).isTrue();
        assertThat(connect(request("dev", 5, true)).accepted()).isTrue();
        assertThat(events.connected).containsExactly("dev new");
    }

    @Test
    void builder_requires_lanes() {
        assertThatThrownBy(() -> Broker.builder().build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("lanes");
        assertThat(ClientAuthorizer.ALLOW_ALL.canPublish("x")).isTrue();
        assertThat(Authenticator.ALLOW_ALL).isNotNull();
    }
}
