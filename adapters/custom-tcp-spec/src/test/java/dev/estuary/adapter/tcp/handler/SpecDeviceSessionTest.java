package dev.estuary.adapter.tcp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.tcp.testing.Subscriber;
import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.tools.simulator.SpecDevice;
import dev.estuary.tools.simulator.SpecFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Devices speaking the spec framing over real sockets (the simulator's independent implementation), seen from a
 * Paho MQTT 5 client: hello, uplinks on the unified topics, downlinks with acknowledgement, retries and timeout,
 * refusals with the documented result codes, takeover, keep-alive.
 */
@Timeout(60)
class SpecDeviceSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TcpTestGateway gateway;
    private Subscriber app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(TcpTestGateway.Builder b) throws Exception {
        gateway = b.start();
        app = new Subscriber(gateway.mqtt().uri(), "app", "devices/tcp/#", "app/replies");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void device_says_hello_and_its_uplinks_reach_an_mqtt_subscriber_on_the_unified_topics() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.connect(true)) {
            SpecDevice.HelloAck ack = d.hello("meter-9", null, null, 30, WAIT);
            assertThat(ack.accepted()).isTrue();
            assertThat(ack.keepAlive()).isEqualTo(30);
            assertThat(ack.maxBody()).isEqualTo(65535);

            Subscriber.Received status = app.await("devices/tcp/meter-9/status", WAIT);
            assertThat(status.text()).contains("\"status\":\"online\"").contains("\"protocol\":\"estuary-tcp/1\"")
                    .contains("\"crc\":true");

            d.uplink(0, SpecFrames.JSON, "energy", utf8("{\"kWh\":1234.5}"));
            Subscriber.Received up = app.await("devices/tcp/meter-9/up/energy", WAIT);
            assertThat(up.text()).isEqualTo("{\"kWh\":1234.5}");
            assertThat(up.properties().getContentType()).isEqualTo("application/json");

            d.uplink(7, SpecFrames.OCTET_STREAM, "", new byte[] {1, 2, 3});
            assertThat(app.await("devices/tcp/meter-9/up", WAIT).payload()).containsExactly(1, 2, 3);
            SpecFrames.Frame answer = d.receive(WAIT);
            assertThat(answer.type()).isEqualTo(SpecFrames.ACK);
            assertThat(answer.u16(0)).isEqualTo(7);
        }
        assertThat(app.await(r -> r.topic().equals("devices/tcp/meter-9/status")
                && r.text().contains("offline"), WAIT)).isNotNull();
    }

    @Test
    void downlink_reaches_the_device_and_its_ack_is_reported_to_the_mqtt5_requester() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.online("meter-9")) {
            app.await("devices/tcp/meter-9/status", WAIT);
            app.request("devices/tcp/meter-9/down/relay", "off", "app/replies", "corr-1", "text/plain");

            SpecFrames.Frame down = d.receive(WAIT);
            assertThat(down.type()).isEqualTo(SpecFrames.DOWNLINK);
            int id = down.u16(0);
            assertThat(id).isBetween(1, 65535);
            assertThat(down.u8(2)).isEqualTo(SpecFrames.TEXT);
            assertThat(down.str8(3)).isEqualTo("relay");
            assertThat(new String(down.rest(9), StandardCharsets.UTF_8)).isEqualTo("off");
            d.ack(id, utf8("relay off"));

            Subscriber.Received reply = app.await("app/replies", WAIT);
            assertThat(reply.correlation()).isEqualTo("corr-1");
            assertThat(reply.text()).isEqualTo("{\"ok\":true,\"messageId\":" + id + ",\"result\":\"relay off\"}");
            Subscriber.Received event = app.await("devices/tcp/meter-9/events/downlink-acked", WAIT);
            assertThat(event.text()).contains("\"messageId\":" + id).contains("\"attempts\":1");
        }
    }

    @Test
    void v3_style_request_id_gets_the_device_nack_on_the_reply_topic() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.online("meter-9")) {
            app.await("devices/tcp/meter-9/status", WAIT);
            app.publish("devices/tcp/meter-9/down/frobnicate", "{\"id\":\"42\",\"x\":1}", null);
            SpecFrames.Frame down = d.receive(WAIT);
            d.nack(down.u16(0), 0x03, "no such channel");
            Subscriber.Received reply = app.await("devices/tcp/meter-9/reply", WAIT);
            assertThat(reply.text()).contains("\"id\":\"42\"").contains("\"ok\":false")
                    .contains("UNKNOWN_CHANNEL (no such channel)");
            assertThat(app.await("devices/tcp/meter-9/events/downlink-nacked", WAIT).text())
                    .contains("\"reason\":\"UNKNOWN_CHANNEL\"");
        }
    }

    @Test
    void unacknowledged_downlink_is_retransmitted_with_dup_and_then_reported_as_failed() throws Exception {
        start(TcpTestGateway.builder().set("ack_timeout", "300ms").set("max_retries", 2));
        try (SpecDevice d = gateway.online("meter-9")) {
            app.await("devices/tcp/meter-9/status", WAIT);
            app.request("devices/tcp/meter-9/down", "ping?", "app/replies", "corr-2", null);

            SpecFrames.Frame first = d.receive(WAIT);
            SpecFrames.Frame second = d.receive(WAIT);
            SpecFrames.Frame third = d.receive(WAIT);
            assertThat(first.type()).isEqualTo(SpecFrames.DOWNLINK);
            assertThat(first.dup()).isFalse();
            assertThat(second.dup()).isTrue();
            assertThat(third.dup()).isTrue();
            assertThat(second.u16(0)).isEqualTo(first.u16(0));
            assertThat(third.body()).isEqualTo(first.body());

            Subscriber.Received reply = app.await("app/replies", WAIT);
            assertThat(reply.text()).contains("\"ok\":false")
                    .contains("no acknowledgement from the device after 3 attempts");
            assertThat(app.await("devices/tcp/meter-9/events/downlink-failed", WAIT)).isNotNull();
            assertThat(d.receive(Duration.ofMillis(700))).as("no fourth attempt").isNull();

            d.ack(first.u16(0), new byte[0]); // late: ignored, the connection stays
            d.ping();
            assertThat(d.receive(WAIT).type()).isEqualTo(SpecFrames.PONG);
        }
    }

    @Test
    void a_downlink_larger_than_the_device_accepts_is_answered_with_an_error_not_sent() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.connect(false)) {
            d.send(SpecFrames.HELLO, 0, SpecFrames.hello(60, 64, "tiny", null, null));
            assertThat(d.receive(WAIT).u8(0)).isZero();
            app.await("devices/tcp/tiny/status", WAIT);
            app.request("devices/tcp/tiny/down", "x".repeat(100), "app/replies", "corr-3", null);
            assertThat(app.await("app/replies", WAIT).text()).contains("exceeds the device's maximum body of 64");
            d.ping();
            assertThat(d.receive(WAIT).type()).as("nothing but the PONG").isEqualTo(SpecFrames.PONG);
        }
    }

    /** Devices need the password; the test's own MQTT client ("app") is let in. */
    static Authenticator passwordIs(String password) {
        return req -> CompletableFuture.completedFuture(!req.client().clientId().startsWith("tcp:")
                || req.password() != null && new String(req.password(), StandardCharsets.UTF_8).equals(password)
                        ? AuthResult.allow(req.client().username(), false)
                        : AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "bad username or password"));
    }

    @Test
    void wrong_credentials_are_refused_with_bad_credentials_and_the_connection_closes() throws Exception {
        start(TcpTestGateway.builder().authenticator(passwordIs("s3cret")));
        try (SpecDevice d = gateway.connect(false)) {
            SpecDevice.HelloAck ack = d.hello("meter-9", "meter-9", "wrong", 60, WAIT);
            assertThat(ack.result()).isEqualTo(0x02);
            assertThat(ack.keepAlive()).isZero();
            assertThat(ack.reason()).contains("bad user name or password");
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
        assertThat(gateway.adapters().metrics().value("estuary_adapter_tcp_hello_refused_total")).isEqualTo(1);
        assertThat(gateway.adapters().metrics().value("estuary_adapter_tcp_protocol_errors_total")).isZero();
        try (SpecDevice d = gateway.connect(false)) {
            assertThat(d.hello("meter-9", "meter-9", "s3cret", 60, WAIT).accepted()).isTrue();
        }
    }

    @Test
    void a_device_the_broker_does_not_authorize_gets_not_authorized() throws Exception {
        start(TcpTestGateway.builder().authenticator(req -> CompletableFuture.completedFuture(
                req.client().clientId().startsWith("tcp:") ? AuthResult.deny(ReasonCodes.NOT_AUTHORIZED, "banned")
                        : AuthResult.allow(null, false))));
        try (SpecDevice d = gateway.connect(false)) {
            assertThat(d.hello("meter-9", null, null, 60, WAIT).result()).isEqualTo(0x03);
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
    }

    @Test
    void an_empty_device_id_is_refused_with_invalid_device_id() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.connect(false)) {
            assertThat(d.hello("", null, null, 60, WAIT).result()).isEqualTo(0x04);
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
    }

    @Test
    void a_second_hello_with_the_same_id_takes_over_and_the_first_connection_gets_goodbye() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice first = gateway.online("meter-9"); SpecDevice second = gateway.online("meter-9")) {
            SpecFrames.Frame bye = first.receive(WAIT);
            assertThat(bye.type()).isEqualTo(SpecFrames.GOODBYE);
            assertThat(bye.u8(0)).isEqualTo(0x02);
            assertThat(first.closedByGateway(WAIT)).isTrue();
            second.uplink(0, SpecFrames.TEXT, "t", utf8("still here"));
            assertThat(app.await("devices/tcp/meter-9/up/t", WAIT).text()).isEqualTo("still here");
        }
    }

    @Test
    void an_uplink_on_an_invalid_channel_is_nacked_rejected_and_the_connection_stays() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.online("meter-9")) {
            d.uplink(9, SpecFrames.TEXT, "a/+/b", utf8("x"));
            SpecFrames.Frame nack = d.receive(WAIT);
            assertThat(nack.type()).isEqualTo(SpecFrames.NACK);
            assertThat(nack.u16(0)).isEqualTo(9);
            assertThat(nack.u8(2)).isEqualTo(0x11);
            d.uplink(10, SpecFrames.TEXT, "ok", utf8("y"));
            assertThat(d.receive(WAIT).type()).isEqualTo(SpecFrames.ACK);
        }
    }

    @Test
    void a_silent_device_is_closed_with_keepalive_timeout_after_one_and_a_half_keep_alives() throws Exception {
        start(TcpTestGateway.builder().set("min_keep_alive", "1s"));
        try (SpecDevice d = gateway.connect(false)) {
            long t0 = System.nanoTime(); // before HELLO: the gateway's timer can only start later
            SpecDevice.HelloAck ack = d.hello("sleepy", null, null, 1, WAIT);
            assertThat(ack.keepAlive()).isEqualTo(1);
            SpecFrames.Frame error = d.receive(WAIT);
            assertThat(error.type()).isEqualTo(SpecFrames.ERROR);
            assertThat(error.u8(0)).isEqualTo(0x0A);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
        assertThat(app.await(r -> r.topic().equals("devices/tcp/sleepy/status") && r.text().contains("offline"),
                WAIT).text()).contains("KEEPALIVE_TIMEOUT");
    }

    @Test
    void a_connection_without_hello_is_closed_with_hello_timeout() throws Exception {
        start(TcpTestGateway.builder().set("hello_timeout", "300ms"));
        try (SpecDevice d = gateway.connect(false)) {
            SpecFrames.Frame error = d.receive(WAIT);
            assertThat(error.type()).isEqualTo(SpecFrames.ERROR);
            assertThat(error.u8(0)).isEqualTo(0x0C);
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
    }

    @Test
    void the_device_goodbye_takes_it_offline() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.online("meter-9")) {
            d.goodbye(0, "maintenance");
            assertThat(d.closedByGateway(WAIT)).isTrue();
        }
        assertThat(app.await(r -> r.topic().equals("devices/tcp/meter-9/status") && r.text().contains("offline"),
                WAIT).text()).contains("maintenance");
        assertThat(app.await("devices/tcp/meter-9/events/disconnected", WAIT)).isNotNull();
    }

    @Test
    void stopping_the_adapter_says_goodbye_shutdown_to_devices() throws Exception {
        start(TcpTestGateway.builder());
        try (SpecDevice d = gateway.online("meter-9")) {
            gateway.adapter().stop();
            SpecFrames.Frame bye = d.receive(WAIT);
            assertThat(bye.type()).isEqualTo(SpecFrames.GOODBYE);
            assertThat(bye.u8(0)).isEqualTo(0x01);
        }
    }
}
