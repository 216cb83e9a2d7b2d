package dev.estuary.adapter.tcp.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.tcp.testing.LogCapture;
import dev.estuary.adapter.tcp.testing.Subscriber;
import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.tools.simulator.SpecDevice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The vendor SDK with a tiny line protocol, over real sockets: the adapter does sockets, limits, login through the
 * broker, status, uplinks, downlink tracking and answers; the vendor only the protocol. A broken vendor or device
 * ends only its own connection.
 */
@Timeout(60)
class VendorProtocolTest {
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
        gateway = b.set("vendors", Map.of("line", Map.of("port", 0)))
                .vendors(VendorSource.of(Map.of("line-plugin", List.of(new LineProtocol())))).start();
        app = new Subscriber(gateway.mqtt().uri(), "app", "devices/tcp-line/#", "app/replies");
    }

    /** A device of the line protocol on a plain socket. */
    final class LineDevice implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        LineDevice() throws IOException {
            socket = new Socket("127.0.0.1", gateway.adapter().vendorPort("line"));
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String read() throws IOException {
            return in.readLine();
        }

        boolean closedByGateway() throws IOException {
            try {
                while (in.readLine() != null) {
                    // skip what came before the end
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    LineDevice online(String id) throws IOException {
        LineDevice d = new LineDevice();
        d.send("LOGIN " + id + " pw");
        assertThat(d.read()).isEqualTo("OK");
        return d;
    }

    @Test
    void vendor_device_logs_in_sends_uplinks_and_acknowledges_downlinks() throws Exception {
        start(TcpTestGateway.builder());
        try (LineDevice d = online("dev1")) {
            assertThat(app.await("devices/tcp-line/dev1/status", WAIT).text()).contains("\"status\":\"online\"")
                    .contains("\"clientId\":\"tcp-line:dev1\"").contains("\"vendor\":\"line\"")
                    .contains("\"firmware\":\"1.2\"");
            d.send("DATA temp 21.5");
            assertThat(d.read()).isEqualTo("UPLINK DELIVERED");
            assertThat(app.await("devices/tcp-line/dev1/up/temp", WAIT).text()).isEqualTo("21.5");

            app.request("devices/tcp-line/dev1/down/led", "on", "app/replies", "c1", null);
            assertThat(d.read()).isEqualTo("CMD 1 led on");
            d.send("ACK 1 led is on");
            assertThat(app.await("app/replies", WAIT).text())
                    .isEqualTo("{\"ok\":true,\"messageId\":1,\"result\":\"led is on\"}");

            app.request("devices/tcp-line/dev1/down/led", "blink", "app/replies", "c2", null);
            assertThat(d.read()).isEqualTo("CMD 2 led blink");
            d.send("NACK 2 cannot blink");
            assertThat(app.await("app/replies", WAIT).text()).contains("\"ok\":false").contains("cannot blink");
        }
    }

    @Test
    void unanswered_vendor_downlinks_are_resent_and_then_fail() throws Exception {
        start(TcpTestGateway.builder().set("ack_timeout", "300ms").set("max_retries", 1));
        try (LineDevice d = online("dev1")) {
            app.request("devices/tcp-line/dev1/down/led", "on", "app/replies", "c1", null);
            assertThat(d.read()).isEqualTo("CMD 1 led on");
            assertThat(d.read()).as("resent").isEqualTo("CMD 1 led on");
            assertThat(app.await("app/replies", WAIT).text()).contains("after 2 attempts");
        }
    }

    @Test
    void a_downlink_the_vendor_rejects_is_answered_with_its_reason() throws Exception {
        start(TcpTestGateway.builder());
        try (LineDevice d = online("dev1")) {
            app.request("devices/tcp-line/dev1/down/bad", "x", "app/replies", "c1", null);
            assertThat(app.await("app/replies", WAIT).text()).contains("channel 'bad' is not supported");
        }
    }

    @Test
    void a_refused_login_reaches_the_vendor_which_answers_its_device() throws Exception {
        start(TcpTestGateway.builder().authenticator(req -> CompletableFuture.completedFuture(
                req.client().clientId().startsWith("tcp-line:")
                        ? AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "bad password")
                        : AuthResult.allow(null, false))));
        try (LineDevice d = new LineDevice()) {
            d.send("LOGIN dev1 wrong");
            assertThat(d.read()).startsWith("DENIED").contains("refused");
            assertThat(d.closedByGateway()).isTrue();
        }
    }

    @Test
    void a_frame_beyond_the_vendor_maximum_closes_only_that_connection() throws Exception {
        start(TcpTestGateway.builder());
        try (LineDevice good = online("good"); LineDevice bad = new LineDevice()) {
            bad.out.write(new byte[LineProtocol.MAX_LINE + 10]);
            bad.out.flush();
            assertThat(bad.closedByGateway()).isTrue();
            good.send("DATA t still");
            assertThat(good.read()).isEqualTo("UPLINK DELIVERED");
        }
    }

    @Test
    void a_vendor_handler_that_throws_ends_only_its_connection_and_is_logged() throws Exception {
        start(TcpTestGateway.builder());
        try (LogCapture log = new LogCapture(VendorServices.class); LineDevice good = online("good");
             LineDevice bad = online("bad")) {
            bad.send("BOOM");
            assertThat(bad.closedByGateway()).isTrue();
            await().atMost(WAIT).until(() -> !log.infoLinesContaining("vendor bug on purpose").isEmpty());
            assertThat(log.infoLinesContaining("vendor bug on purpose").get(0)).contains("'line'")
                    .contains("line-plugin").contains("onMessage");
            good.send("DATA t fine");
            assertThat(good.read()).isEqualTo("UPLINK DELIVERED");
        }
        assertThat(app.await(r -> r.topic().equals("devices/tcp-line/bad/status") && r.text().contains("offline"),
                WAIT)).isNotNull();
    }

    @Test
    void invalid_input_per_the_vendor_codec_closes_the_connection() throws Exception {
        start(TcpTestGateway.builder());
        try (LineDevice d = online("dev1")) {
            d.out.write(new byte[] {'D', 0, '\n'});
            d.out.flush();
            assertThat(d.closedByGateway()).isTrue();
        }
    }

    @Test
    void the_spec_listener_keeps_working_beside_the_vendor_listener() throws Exception {
        start(TcpTestGateway.builder());
        assertThat(gateway.adapter().vendorPort("line")).isPositive().isNotEqualTo(gateway.port());
        try (SpecDevice spec = gateway.online("spec-1")) {
            assertThat(spec.receive(Duration.ofMillis(100))).isNull();
        }
    }
}
