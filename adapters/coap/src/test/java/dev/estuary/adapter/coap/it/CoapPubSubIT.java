package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EMQX-style publish/subscribe through {@code /ps} (publish, retained GET, Observe, cancel, content formats, CON
 * and NON, block-wise), seen from Californium's CoapClient and a Paho MQTT client. One gateway for the class; each
 * test uses its own client ids and topics.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapPubSubIT {
    private CoapTestGateway gw;
    private MqttProbe mqtt;
    private CfClient coap;

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        gw = CoapTestGateway.start(dir);
    }

    @AfterAll
    void stopGateway() {
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        mqtt = new MqttProbe(gw.mqtt().uri(), "app");
        coap = new CfClient();
    }

    @AfterEach
    void disconnect() throws Exception {
        coap.close();
        mqtt.close();
    }

    private static Request post(String payload, int format) {
        Request r = Request.newPost();
        r.setPayload(payload);
        r.getOptions().setContentFormat(format);
        return r;
    }

    private static Request observe() {
        Request r = Request.newGet();
        r.setObserve();
        return r;
    }

    @Test
    void post_to_ps_publishes_to_the_mqtt_topic_with_its_content_type() throws Exception {
        mqtt.subscribe("sensors/#");
        CoapResponse r = coap.send(post("{\"t\":21.5}", MediaTypeRegistry.APPLICATION_JSON),
                gw.coap("/ps/sensors/t1?clientid=pub-1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        MqttProbe.Received m = mqtt.next("sensors/t1");
        assertThat(m.text()).isEqualTo("{\"t\":21.5}");
        assertThat(m.contentType()).isEqualTo("application/json");
    }

    @Test
    void put_with_qos_and_retain_stores_a_retained_message() throws Exception {
        Request put = Request.newPut();
        put.setPayload("v1");
        assertThat(coap.send(put, gw.coap("/ps/cfg/put-1?c=pub-2&q=1&r=true")).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        mqtt.subscribe("cfg/put-1");
        MqttProbe.Received m = mqtt.next("cfg/put-1");
        assertThat(m.text()).isEqualTo("v1");
        assertThat(m.retained()).isTrue();
    }

    @Test
    void retained_get_returns_the_retained_message_and_4_04_when_there_is_none() throws Exception {
        mqtt.publish("config/dev-1", "v2".getBytes(StandardCharsets.UTF_8), "text/plain", true);
        CoapResponse r = coap.send(Request.newGet(), gw.coap("/ps/config/dev-1?c=get-1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(r.getResponseText()).isEqualTo("v2");
        assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
        assertThat(Notifications.topic(r)).isEqualTo("config/dev-1");

        CoapResponse none = coap.send(Request.newGet(), gw.coap("/ps/config/nothing?c=get-1"));
        assertThat(none.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(none.getResponseText()).contains("no retained message on config/nothing");
    }

    @Test
    void observe_receives_matching_mqtt_messages_with_their_topic_and_proactive_cancel_unsubscribes()
            throws Exception {
        Notifications got = new Notifications();
        CoapObserveRelation rel = coap.client().observe(withUri(observe(), gw.coap("/ps/app/%2B/cmd?c=obs-1")), got);
        assertThat(got.next().getCode()).isEqualTo(ResponseCode.CONTENT);
        await().until(() -> gw.metric("observations") >= 1);

        mqtt.publish("app/x/cmd", new byte[] {(byte) 0xa1, 0x01, 0x02}, "application/cbor", false);
        mqtt.publish("app/x/other", "not for you");
        mqtt.publish("app/y/cmd", "second");
        CoapResponse first = got.next();
        assertThat(first.getPayload()).containsExactly(0xa1, 0x01, 0x02);
        assertThat(first.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
        assertThat(Notifications.topic(first)).isEqualTo("app/x/cmd");
        CoapResponse second = got.next();
        assertThat(second.getResponseText()).isEqualTo("second");
        assertThat(Notifications.topic(second)).isEqualTo("app/y/cmd");
        assertThat(second.getOptions().hasContentFormat()).isFalse();

        rel.proactiveCancel();
        await().until(() -> gw.metric("observations") == 0);
        got.clear(); // the answer to the cancelling GET
        mqtt.publish("app/z/cmd", "after cancel");
        got.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void rst_on_a_notification_ends_the_observation() throws Exception {
        Notifications got = new Notifications();
        CoapObserveRelation rel = coap.client().observe(withUri(observe(), gw.coap("/ps/rst/t?c=obs-rst")), got);
        got.next();
        long before = gw.metric("observations");
        rel.reactiveCancel(); // the client answers the next notification with RST
        mqtt.publish("rst/t", "one");
        await().until(() -> gw.metric("observations") == before - 1);
    }

    @Test
    void get_with_observe_1_and_a_new_token_unsubscribes_like_emqx() throws Exception {
        Notifications got = new Notifications();
        coap.client().observe(withUri(observe(), gw.coap("/ps/emqx/t?c=obs-2")), got);
        got.next();
        long before = gw.metric("observations");
        Request cancel = Request.newGet();
        cancel.getOptions().setObserve(1);
        assertThat(coap.send(cancel, gw.coap("/ps/emqx/t?c=obs-2")).getCode()).isEqualTo(ResponseCode.CONTENT);
        await().until(() -> gw.metric("observations") == before - 1);
        mqtt.publish("emqx/t", "after unsubscribe");
        got.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void envelope_json_carries_topic_payload_and_content_type() throws Exception {
        Notifications got = new Notifications();
        coap.client().observe(withUri(observe(), gw.coap("/ps/env/%23?c=obs-3&envelope=json")), got);
        got.next();
        mqtt.publish("env/a/b", "hi".getBytes(StandardCharsets.UTF_8), "text/plain", false);
        CoapResponse n = got.next();
        assertThat(n.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
        assertThat(n.getResponseText()).isEqualTo(
                "{\"topic\":\"env/a/b\",\"payload\":\"hi\",\"contentType\":\"text/plain\",\"qos\":0,\"retained\":false}");
    }

    @Test
    void content_formats_map_to_mqtt_content_types_and_unknown_ones_to_a_user_property() throws Exception {
        mqtt.subscribe("cf/#");
        coap.send(post("x", MediaTypeRegistry.APPLICATION_OCTET_STREAM), gw.coap("/ps/cf/octet?c=cf-1"));
        assertThat(mqtt.next("cf/octet").contentType()).isEqualTo("application/octet-stream");
        coap.send(post("x", MediaTypeRegistry.TEXT_PLAIN), gw.coap("/ps/cf/text?c=cf-1"));
        assertThat(mqtt.next("cf/text").contentType()).isEqualTo("text/plain");
        coap.send(post("x", 65100), gw.coap("/ps/cf/private?c=cf-1"));
        assertThat(mqtt.next("cf/private").contentType()).isNull();
        Request plain = Request.newPost();
        plain.setPayload("x");
        coap.send(plain, gw.coap("/ps/cf/none?c=cf-1"));
        assertThat(mqtt.next("cf/none").contentType()).isNull();
    }

    @Test
    void non_confirmable_requests_are_answered_non_confirmable_and_con_ones_piggybacked() throws Exception {
        mqtt.subscribe("nonc/#");
        Request non = Request.newPost();
        non.setType(Type.NON);
        non.setPayload("n");
        CoapResponse r = coap.send(non, gw.coap("/ps/nonc/a?c=non-1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(r.advanced().getType()).isEqualTo(Type.NON);
        assertThat(mqtt.next("nonc/a").text()).isEqualTo("n");
        CoapResponse con = coap.send(post("c", MediaTypeRegistry.TEXT_PLAIN), gw.coap("/ps/nonc/b?c=non-1"));
        assertThat(con.advanced().getType()).isEqualTo(Type.ACK);
        assertThat(mqtt.next("nonc/b").text()).isEqualTo("c");
    }

    @Test
    void an_8_kib_payload_goes_block_wise_both_ways() throws Exception {
        byte[] big = new byte[8192];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        mqtt.subscribe("big/#");
        Request post = Request.newPost();
        post.setPayload(big);
        CoapResponse r = coap.send(post, gw.coap("/ps/big/one?c=big-1&r=1"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(coap.block1Requests()).as("Block1 requests of 512 bytes").isEqualTo(16);
        assertThat(mqtt.next("big/one").payload()).isEqualTo(big);

        CoapResponse back = coap.send(Request.newGet(), gw.coap("/ps/big/one?c=big-1"));
        assertThat(back.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(Arrays.equals(back.getPayload(), big)).as("8 KiB read back with Block2").isTrue();
        assertThat(coap.block2Responses()).as("Block2 responses of 512 bytes").isEqualTo(16);
    }

    private static Request withUri(Request r, String uri) {
        r.setURI(uri);
        return r;
    }
}
