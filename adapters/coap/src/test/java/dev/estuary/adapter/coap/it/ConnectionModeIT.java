package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EMQX's connection mode ({@code /mqtt/connection} and tokens), heartbeat and idle expiry, and NAT rebinding: a
 * device that comes back from a new address with its token keeps its session and its observation.
 */
@Timeout(60)
class ConnectionModeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CoapTestGateway gw;
    private MqttProbe mqtt;
    private CfClient coap;

    private void start(String heartbeat, String idle) throws Exception {
        start(c -> c.put("heartbeat_timeout", heartbeat).put("idle_timeout", idle));
    }

    private void start(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> config)
            throws Exception {
        gw = CoapTestGateway.builder(dir).config(config).start();
        mqtt = new MqttProbe(gw.mqtt().uri(), "app");
        coap = new CfClient();
    }

    @AfterEach
    void stop() throws Exception {
        if (coap != null) {
            coap.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private String connect(CfClient client, String query) {
        Request post = Request.newPost();
        CoapResponse r = client.send(post, gw.coap("/mqtt/connection?" + query));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CREATED);
        assertThat(r.getResponseText()).matches("[0-9a-f]{16}");
        return r.getResponseText();
    }

    private JsonNode status(String device) throws Exception {
        return JSON.readTree(mqtt.next("devices/coap/" + device + "/status").payload());
    }

    @Test
    void a_token_from_connection_mode_publishes_keeps_alive_and_disconnects() throws Exception {
        start("2m", "5m");
        mqtt.subscribe("cm/#", "devices/coap/conn-1/status");
        String token = connect(coap, "clientid=conn-1&username=u1&password=p1");
        assertThat(status("conn-1").path("status").asText()).isEqualTo("online");

        Request pub = Request.newPost();
        pub.setPayload("hello");
        assertThat(coap.send(pub, gw.coap("/ps/cm/a?clientid=conn-1&token=" + token)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(mqtt.next("cm/a").text()).isEqualTo("hello");
        Request shortNames = Request.newPost();
        shortNames.setPayload("short");
        assertThat(coap.send(shortNames, gw.coap("/ps/cm/b?c=conn-1&t=" + token)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(mqtt.next("cm/b").text()).isEqualTo("short");

        Request noToken = Request.newPost();
        noToken.setPayload("x");
        CoapResponse refused = coap.send(noToken, gw.coap("/ps/cm/c?c=conn-1&u=u1&p=p1"));
        assertThat(refused.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(refused.getResponseText()).contains("must carry its token");

        assertThat(coap.send(Request.newPut(), gw.coap("/mqtt/connection?c=conn-1&t=" + token)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(coap.send(Request.newDelete(), gw.coap("/mqtt/connection?c=conn-1&t=" + token)).getCode())
                .isEqualTo(ResponseCode.DELETED);
        JsonNode offline = status("conn-1");
        assertThat(offline.path("status").asText()).isEqualTo("offline");
        assertThat(offline.path("reason").asText()).isEqualTo("disconnected by the device");

        Request late = Request.newPost();
        late.setPayload("late");
        CoapResponse expired = coap.send(late, gw.coap("/ps/cm/d?c=conn-1&t=" + token));
        assertThat(expired.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(expired.getResponseText()).contains("unknown or expired token");
    }

    @Test
    void a_token_of_another_client_is_refused() throws Exception {
        start("2m", "5m");
        String token = connect(coap, "c=conn-2");
        CoapResponse r = coap.send(Request.newPut(), gw.coap("/mqtt/connection?c=someone-else&t=" + token));
        assertThat(r.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        CoapResponse missing = coap.send(Request.newPut(), gw.coap("/mqtt/connection?c=conn-2"));
        assertThat(missing.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(missing.getResponseText()).contains("token is missing");
    }

    @Test
    void a_connection_without_heartbeat_expires_and_ends_its_observations() throws Exception {
        start("600ms", "5m");
        mqtt.subscribe("devices/coap/conn-3/status");
        String token = connect(coap, "c=conn-3");
        assertThat(status("conn-3").path("status").asText()).isEqualTo("online");
        Request observe = Request.newGet();
        observe.setObserve();
        observe.setURI(gw.coap("/ps/hb/t?c=conn-3&t=" + token));
        Notifications got = new Notifications();
        coap.client().observe(observe, got);
        assertThat(got.next().getCode()).isEqualTo(ResponseCode.CONTENT);

        JsonNode offline = status("conn-3");
        assertThat(offline.path("status").asText()).isEqualTo("offline");
        assertThat(offline.path("reason").asText()).isEqualTo("heartbeat timeout");
        CoapResponse last = got.next();
        assertThat(last.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(last.getResponseText()).contains("heartbeat timeout");
        await().until(() -> gw.metric("observations") == 0 && gw.metric("devices") == 0);
    }

    @Test
    void a_quiet_device_goes_offline_after_the_idle_timeout() throws Exception {
        start("2m", "500ms");
        mqtt.subscribe("devices/coap/idle-1/status");
        Request post = Request.newPost();
        post.setPayload("1");
        coap.send(post, gw.coap("/up?c=idle-1"));
        assertThat(status("idle-1").path("status").asText()).isEqualTo("online");
        JsonNode offline = status("idle-1");
        assertThat(offline.path("status").asText()).isEqualTo("offline");
        assertThat(offline.path("reason").asText()).isEqualTo("idle timeout");
    }

    @Test
    void after_nat_rebinding_the_token_brings_the_observation_to_the_new_address() throws Exception {
        start("2m", "5m");
        mqtt.subscribe("devices/coap/nat-1/status");
        try (UdpRelay nat = new UdpRelay(new InetSocketAddress("127.0.0.1", gw.udpPort()))) {
            String via = "coap://127.0.0.1:" + nat.port();
            Request post = Request.newPost();
            post.setURI(via + "/mqtt/connection?c=nat-1");
            String token = coap.client().advanced(post).getResponseText();
            assertThat(status("nat-1").path("address").asText()).endsWith(":" + nat.outsidePort());

            Request observe = Request.newGet();
            observe.setObserve();
            observe.setURI(via + "/ps/nat/cmd?c=nat-1&t=" + token);
            Notifications got = new Notifications();
            coap.client().observe(observe, got);
            assertThat(got.next().getCode()).isEqualTo(ResponseCode.CONTENT);
            mqtt.publish("nat/cmd", "before");
            assertThat(got.next().getResponseText()).isEqualTo("before");

            nat.rebind();
            Request heartbeat = Request.newPut();
            heartbeat.setURI(via + "/mqtt/connection?c=nat-1&t=" + token);
            assertThat(coap.client().advanced(heartbeat).getCode()).isEqualTo(ResponseCode.CHANGED);
            JsonNode moved = status("nat-1");
            assertThat(moved.path("status").asText()).isEqualTo("online");
            assertThat(moved.path("details").path("address").asText()).endsWith(":" + nat.outsidePort());

            mqtt.publish("nat/cmd", "after");
            CoapResponse n = got.next();
            assertThat(n.getResponseText()).isEqualTo("after");
            assertThat(Notifications.topic(n)).isEqualTo("nat/cmd");
            assertThat(gw.metric("devices")).isEqualTo(1);
            mqtt.assertNothingWithin("devices/coap/nat-1/status", Duration.ofMillis(200));
        }
    }

    @Test
    void notification_type_con_makes_notifications_confirmable_even_for_a_non_registration() throws Exception {
        start(c -> c.put("notification_type", "con"));
        Request observe = Request.newGet();
        observe.setType(org.eclipse.californium.core.coap.CoAP.Type.NON);
        observe.setObserve();
        observe.setURI(gw.coap("/ps/con/t?c=con-1"));
        Notifications got = new Notifications();
        coap.client().observe(observe, got);
        got.next();
        mqtt.publish("con/t", "confirm me");
        CoapResponse n = got.next();
        assertThat(n.getResponseText()).isEqualTo("confirm me");
        assertThat(n.advanced().getType()).isEqualTo(org.eclipse.californium.core.coap.CoAP.Type.CON);
    }
}
