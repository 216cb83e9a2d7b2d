package dev.estuary.adapter.lorawan.gwmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.abp.AbpDevice;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.MutableClock;
import dev.estuary.adapter.lorawan.testing.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateways pointed straight at Estuary with the Semtech UDP packet forwarder (GWMP v2, PROTOCOL.TXT), and ABP
 * devices whose session keys are in the adapter's store.
 */
@Timeout(40)
class GwmpTest {
    static final String GW_A = "aa555a0000000101";
    static final String GW_B = "aa555a0000000202";
    /** lora-packet vectors V1 (FCnt 2, "test") and V3 (FCnt 3, empty) share this session. */
    static final AbpDevice LORA_PACKET = AbpDevice.of("0102030405060708", "49be7df1",
            "44024241ed4ce9a68c6a8bc055233fd3", "ec925802ae430ca77fd3dd73cb2cc588");
    /** chirpstack lrwn vector V13: confirmed, FOpts DevStatusAns, FPort 10. */
    static final AbpDevice LRWN = AbpDevice.of("0a0b0c0d0e0f0001", "01020304", "0102030405060708090a0b0c0d0e0f10",
            "100f0e0d0c0b0a090807060504030201");
    static final String V1 = "40F17DBE4900020001954378762B11FF0D";
    static final String V3 = "40F17DBE49000300012A3518AF";
    static final String V13 = "80040302010300000673070ae264d4f7e117d2c0";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private LorawanHarness h;
    private GatewayClient a;
    private GatewayClient b;

    @BeforeEach
    void start() throws Exception {
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        c.putObject("gwmp").put("enabled", true).put("bind", "127.0.0.1").put("port", 0).put("gateway_timeout", "2s")
                .put("abp_reload_interval", "100ms");
        h = new LorawanHarness(c, dir, clock, keys -> {
            keys.put(LORA_PACKET);
            keys.put(LRWN);
        });
        a = new GatewayClient(h.adapter.gwmpPort(), GW_A);
        b = new GatewayClient(h.adapter.gwmpPort(), GW_B);
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        h.close();
    }

    private static byte[] rxpk(String phyHex, double freq, String datr, int rssi, double lsnr) {
        String data = Base64.getEncoder().encodeToString(Hex.parse(phyHex));
        return ("{\"rxpk\":[{\"time\":\"2026-11-25T12:00:00.000001Z\",\"tmst\":3512348611,\"chan\":2,\"rfch\":0,"
                + "\"freq\":" + freq + ",\"stat\":1,\"modu\":\"LORA\",\"datr\":\"" + datr + "\",\"codr\":\"4/5\","
                + "\"rssi\":" + rssi + ",\"lsnr\":" + lsnr + ",\"size\":" + Hex.parse(phyHex).length + ",\"data\":\""
                + data + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private void assertAcked(GatewayClient g, int token, int ackId) throws Exception {
        byte[] ack = g.receive();
        assertThat(ack).isNotNull().hasSize(4);
        assertThat(ack[0]).isEqualTo((byte) 2);
        assertThat((ack[1] & 0xff) << 8 | (ack[2] & 0xff)).isEqualTo(token);
        assertThat(ack[3]).isEqualTo((byte) ackId);
    }

    @Test
    void push_data_sample_is_acknowledged_and_its_unusable_packets_are_counted() throws Exception {
        int t = a.send(GwmpPacket.PUSH_DATA, Fixtures.bytes("semtech-push-data-rxpk.json"));
        assertAcked(a, t, GwmpPacket.PUSH_ACK);
        Received status = h.app.await("devices/lorawan-gateway/" + GW_A + "/status");
        assertThat(status.json().path("status").asText()).isEqualTo("online");
        assertThat(status.json().path("clientId").asText()).isEqualTo("lorawan-gateway:" + GW_A);
        // rxpk 1: '-' is not base64; rxpk 3: LoRaWAN major version 2; rxpk 2: an FSK test packet, no such DevAddr
        await().atMost(Duration.ofSeconds(10)).until(() -> h.metric("gwmp_bad_packets") == 2
                && h.metric("unknown_devaddr") == 1);
        assertThat(h.app.received().stream().filter(r -> r.topic().startsWith("devices/lorawan/"))).isEmpty();
    }

    @Test
    void stat_sample_becomes_the_gateways_retained_status() throws Exception {
        int t = a.send(GwmpPacket.PUSH_DATA, Fixtures.bytes("semtech-push-data-stat.json"));
        assertAcked(a, t, GwmpPacket.PUSH_ACK);
        JsonNode s = h.app.await("devices/lorawan-gateway/" + GW_A + "/status",
                r -> r.json().path("details").has("rxReceived")).json();
        JsonNode d = s.path("details");
        assertThat(d.path("gatewayEui").asText()).isEqualTo(GW_A);
        assertThat(d.path("time").asText()).isEqualTo("2014-01-12 08:59:28 GMT");
        assertThat(d.path("latitude").asDouble()).isEqualTo(46.24);
        assertThat(d.path("longitude").asDouble()).isEqualTo(3.2523);
        assertThat(d.path("altitude").asInt()).isEqualTo(145);
        assertThat(d.path("rxReceived").asInt()).isEqualTo(2);
        assertThat(d.path("rxReceivedOk").asInt()).isEqualTo(2);
        assertThat(d.path("rxForwarded").asInt()).isEqualTo(2);
        assertThat(d.path("ackRatio").asDouble()).isEqualTo(100.0);
        assertThat(d.path("downlinkReceived").asInt()).isEqualTo(2);
        assertThat(d.path("txEmitted").asInt()).isEqualTo(2);
        assertThat(s.path("protocol").asText()).isEqualTo("semtech-udp");
        assertThat(s.path("address").asText()).startsWith("127.0.0.1:");
    }

    @Test
    void pull_data_is_acknowledged_and_the_tx_ack_sample_becomes_a_gateway_event() throws Exception {
        int t = a.send(GwmpPacket.PULL_DATA, new byte[0]);
        assertAcked(a, t, GwmpPacket.PULL_ACK);
        int txToken = a.send(GwmpPacket.TX_ACK, Fixtures.bytes("semtech-tx-ack.json"));
        JsonNode e = h.app.await("devices/lorawan-gateway/" + GW_A + "/events/txack").json();
        assertThat(e.path("error").asText()).isEqualTo("COLLISION_PACKET");
        assertThat(e.path("token").asInt()).isEqualTo(txToken);
    }

    @Test
    void abp_uplink_is_decrypted_and_published_once_though_two_gateways_heard_it() throws Exception {
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
        assertThat(a.receive()).isNotNull();
        JsonNode u = h.app.await("devices/lorawan/0102030405060708/up/1").json();
        b.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -90, -3.0));
        assertThat(b.receive()).isNotNull();
        assertThat(u.path("data").asText()).isEqualTo(Base64.getEncoder().encodeToString("test".getBytes(
                StandardCharsets.US_ASCII)));
        assertThat(u.path("fCnt").asInt()).isEqualTo(2);
        assertThat(u.path("fPort").asInt()).isEqualTo(1);
        assertThat(u.path("devAddr").asText()).isEqualTo("49be7df1");
        assertThat(u.path("confirmed").asBoolean()).isFalse();
        assertThat(u.path("source").asText()).isEqualTo("gwmp");
        assertThat(u.path("via").asText()).isEqualTo("udp");
        assertThat(u.path("frequency").asLong()).isEqualTo(868100000L);
        JsonNode rx = u.path("rx").get(0);
        assertThat(rx.path("gatewayId").asText()).isEqualTo(GW_A);
        assertThat(rx.path("rssi").asInt()).isEqualTo(-40);
        assertThat(rx.path("snr").asDouble()).isEqualTo(9.5);
        assertThat(rx.path("spreadingFactor").asInt()).isEqualTo(7);
        assertThat(rx.path("bandwidth").asInt()).isEqualTo(125000);
        assertThat(rx.path("channel").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.metric("duplicates_dropped") == 1);
        assertThat(h.app.on("devices/lorawan/0102030405060708/up/1")).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.abpKeys().lastFCntUp(LORA_PACKET.devEui())
                .orElse(-1) == 2);
    }

    @Test
    void tampered_mic_and_replayed_frame_counter_are_rejected() throws Exception {
        a.send(GwmpPacket.PUSH_DATA, rxpk(V3, 868.3, "SF9BW125", -50, 7.0));
        h.app.await("devices/lorawan/0102030405060708/up/1", r -> r.json().path("fCnt").asInt() == 3);
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.3, "SF9BW125", -50, 7.0));
        byte[] tampered = Hex.parse(V3);
        tampered[tampered.length - 1] ^= 0x05;
        a.send(GwmpPacket.PUSH_DATA, rxpk(Hex.of(tampered), 868.3, "SF9BW125", -50, 7.0));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.metric("replays_rejected") == 1
                && h.metric("mic_failures") == 1);
        assertThat(h.app.on("devices/lorawan/0102030405060708/up/1")).hasSize(1);
    }

    @Test
    void dev_status_answer_in_fopts_updates_battery_and_margin() throws Exception {
        a.send(GwmpPacket.PUSH_DATA, rxpk(V13, 867.5, "SF12BW125", -110, -12.5));
        JsonNode u = h.app.await("devices/lorawan/0a0b0c0d0e0f0001/up/10").json();
        assertThat(u.path("confirmed").asBoolean()).isTrue();
        assertThat(u.path("data").asText()).isEqualTo("AQIDBA==");
        JsonNode s = h.app.await("devices/lorawan/0a0b0c0d0e0f0001/status",
                r -> r.json().path("details").has("margin")).json();
        assertThat(s.path("details").path("battery").asInt()).isEqualTo(115);
        assertThat(s.path("details").path("batteryLevel").asDouble()).isEqualTo(45.28);
        assertThat(s.path("details").path("margin").asInt()).isEqualTo(7);
    }

    @Test
    void a_device_provisioned_while_running_is_picked_up() throws Exception {
        h.abpKeys().delete(LORA_PACKET.devEui());
        AbpDevice late = AbpDevice.of("1111111111111111", "01020304", "01010101010101010101010101010101",
                "01010101010101010101010101010101");
        h.abpKeys().put(late);
        // brocaar V6: DevAddr 01020304, FCnt 0, both keys 01..01 (LRWN shares the DevAddr; the MIC picks the device)
        a.send(GwmpPacket.PUSH_DATA, rxpk("4004030201030000020305016a3798f5b64dc039", 868.5, "SF7BW125", -60, 5.0));
        JsonNode u = h.app.await("devices/lorawan/1111111111111111/up/1").json();
        assertThat(u.path("data").asText()).isEqualTo("AQIDBA==");
    }

    @Test
    void a_device_deleted_while_running_is_no_longer_accepted() throws Exception {
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
        h.app.await("devices/lorawan/0102030405060708/up/1");
        assertThat(h.abpKeys().delete(LORA_PACKET.devEui())).isTrue();
        // its frames verify with the keys in memory until the periodic reload drops the device
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            a.send(GwmpPacket.PUSH_DATA, rxpk(V3, 868.1, "SF7BW125", -40, 9.5));
            return h.metric("unknown_devaddr") > 0;
        });
    }

    @Test
    void a_device_provisioned_again_with_the_same_keys_starts_its_frame_counter_over() throws Exception {
        a.send(GwmpPacket.PUSH_DATA, rxpk(V3, 868.1, "SF7BW125", -40, 9.5));
        h.app.await("devices/lorawan/0102030405060708/up/1");
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
        await().atMost(Duration.ofSeconds(5)).until(() -> h.metric("replays_rejected") == 1);

        h.abpKeys().put(LORA_PACKET); // the device was reset: same keys, counters from 0
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
            return h.app.on("devices/lorawan/0102030405060708/up/1").stream()
                    .anyMatch(r -> r.json().path("fCnt").asInt() == 2);
        });
    }

    @Test
    void garbage_datagrams_are_counted_and_the_listener_keeps_answering() throws Exception {
        a.raw(new byte[] {1});
        a.raw(new byte[] {9, 0, 0, 0});
        a.raw(new byte[] {2, 0, 0, 0x03, 1, 2, 3});
        a.send(GwmpPacket.PUSH_DATA, "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(a.receive()).as("PUSH_DATA is acknowledged even when its JSON is bad").isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> h.metric("gwmp_bad_packets") == 4);
        int t = a.send(GwmpPacket.PULL_DATA, new byte[0]);
        assertAcked(a, t, GwmpPacket.PULL_ACK);
    }

    @Test
    void a_silent_gateway_goes_offline() throws Exception {
        a.send(GwmpPacket.PULL_DATA, new byte[0]);
        h.app.await("devices/lorawan-gateway/" + GW_A + "/status", r -> r.json().path("status").asText()
                .equals("online"));
        clock.advance(Duration.ofMinutes(1));
        Received off = h.app.await("devices/lorawan-gateway/" + GW_A + "/status",
                r -> r.json().path("status").asText().equals("offline"));
        assertThat(off.json().path("reason").asText()).contains("no packet for");
    }

    /** Reads a PULL_RESP datagram: its token and txpk. */
    private static JsonNode pullResp(byte[] d, int[] token) throws Exception {
        assertThat(d).isNotNull();
        assertThat(d[0]).isEqualTo((byte) 2);
        assertThat(d[3]).as("PULL_RESP").isEqualTo((byte) GwmpPacket.PULL_RESP);
        token[0] = (d[1] & 0xff) << 8 | (d[2] & 0xff);
        return LorawanHarness.JSON.readTree(java.util.Arrays.copyOfRange(d, 4, d.length)).path("txpk");
    }

    @Test
    void class_a_downlink_leaves_in_rx1_of_the_next_uplink_and_tx_ack_reports_it_sent() throws Exception {
        int pull = a.send(GwmpPacket.PULL_DATA, new byte[0]);
        assertAcked(a, pull, GwmpPacket.PULL_ACK);
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
        assertThat(a.receive()).isNotNull();
        h.app.await("devices/lorawan/0102030405060708/up/1");

        h.app.publish("devices/lorawan/0102030405060708/down", "{\"id\":\"g1\",\"fPort\":5,\"data\":\"AQID\"}",
                null, null);
        h.app.await("devices/lorawan/0102030405060708/reply", r -> r.json().path("status").asText().equals("queued"));

        a.send(GwmpPacket.PUSH_DATA, rxpk(V3, 868.1, "SF7BW125", -40, 9.5));
        byte[] first = a.receive();
        byte[] second = first != null && first.length == 4 ? a.receive() : first;
        int[] token = new int[1];
        JsonNode txpk = pullResp(second, token);
        assertThat(txpk.path("imme").asBoolean()).isFalse();
        assertThat(txpk.path("tmst").asLong()).as("RX1: 1 s after the uplink").isEqualTo(3512348611L + 1_000_000L);
        assertThat(txpk.path("freq").asDouble()).isEqualTo(868.1);
        assertThat(txpk.path("datr").asText()).isEqualTo("SF7BW125");
        assertThat(txpk.path("ipol").asBoolean()).isTrue();
        byte[] phy = Base64.getDecoder().decode(txpk.path("data").asText());
        assertThat(txpk.path("size").asInt()).isEqualTo(phy.length);
        var f = dev.estuary.adapter.lorawan.frame.DataFrame.parse(dev.estuary.adapter.lorawan.frame.PhyPayload.parse(phy));
        assertThat(f.mType()).isEqualTo(dev.estuary.adapter.lorawan.frame.MType.UNCONFIRMED_DATA_DOWN);
        assertThat(f.devAddrHex()).isEqualTo("49be7df1");
        assertThat(f.fCnt16()).isZero();
        assertThat(f.fPort()).isEqualTo(5);
        assertThat(dev.estuary.adapter.lorawan.crypto.LorawanCrypto.dataMic(LORA_PACKET.nwkSKey(), true, f.devAddr(),
                0, f.phy().withoutMic())).isEqualTo(f.phy().mic());
        assertThat(dev.estuary.adapter.lorawan.crypto.LorawanCrypto.cryptFrmPayload(LORA_PACKET.appSKey(), true,
                f.devAddr(), 0, f.frmPayload())).containsExactly(1, 2, 3);

        a.send(GwmpPacket.TX_ACK, ("{\"txpk_ack\":{\"error\":\"NONE\"}}").getBytes(StandardCharsets.UTF_8));
        JsonNode txAckForOtherToken = h.app.await("devices/lorawan-gateway/" + GW_A + "/events/txack").json();
        assertThat(txAckForOtherToken.path("error").asText()).isEqualTo("NONE");
        a.sendWithToken(GwmpPacket.TX_ACK, token[0], ("{\"txpk_ack\":{\"error\":\"NONE\"}}").getBytes(
                StandardCharsets.UTF_8));
        Received sent = h.app.await("devices/lorawan/0102030405060708/reply",
                r -> r.json().path("status").asText().equals("sent"));
        assertThat(sent.json().path("id").asText()).isEqualTo("g1");
        await().atMost(Duration.ofSeconds(5)).until(() -> h.abpKeys().lastFCntDown(LORA_PACKET.devEui())
                .orElse(-1) == 0);
    }

    @Test
    void a_confirmed_uplink_gets_an_empty_ack_in_rx1() throws Exception {
        int pull = a.send(GwmpPacket.PULL_DATA, new byte[0]);
        assertAcked(a, pull, GwmpPacket.PULL_ACK);
        a.send(GwmpPacket.PUSH_DATA, rxpk(V13, 867.5, "SF12BW125", -110, -12.5));
        byte[] first = a.receive();
        byte[] second = first != null && first.length == 4 ? a.receive() : first;
        JsonNode txpk = pullResp(second, new int[1]);
        var f = dev.estuary.adapter.lorawan.frame.DataFrame.parse(dev.estuary.adapter.lorawan.frame.PhyPayload.parse(
                Base64.getDecoder().decode(txpk.path("data").asText())));
        assertThat(f.ack()).isTrue();
        assertThat(f.fPort()).isEqualTo(-1);
        assertThat(txpk.path("datr").asText()).isEqualTo("SF12BW125");
    }

    @Test
    void a_downlink_refused_by_the_gateway_is_answered_failed() throws Exception {
        int pull = a.send(GwmpPacket.PULL_DATA, new byte[0]);
        assertAcked(a, pull, GwmpPacket.PULL_ACK);
        a.send(GwmpPacket.PUSH_DATA, rxpk(V1, 868.1, "SF7BW125", -40, 9.5));
        assertThat(a.receive()).isNotNull();
        h.app.await("devices/lorawan/0102030405060708/up/1");
        h.app.publish("devices/lorawan/0102030405060708/down", "{\"id\":\"g2\",\"fPort\":5,\"data\":\"AQID\"}",
                null, null);
        h.app.await("devices/lorawan/0102030405060708/reply", r -> r.json().path("status").asText().equals("queued"));
        a.send(GwmpPacket.PUSH_DATA, rxpk(V3, 868.1, "SF7BW125", -40, 9.5));
        byte[] first = a.receive();
        byte[] second = first != null && first.length == 4 ? a.receive() : first;
        int[] token = new int[1];
        pullResp(second, token);
        a.sendWithToken(GwmpPacket.TX_ACK, token[0], Fixtures.bytes("semtech-tx-ack.json"));
        Received failed = h.app.await("devices/lorawan/0102030405060708/reply",
                r -> r.json().path("status").asText().equals("failed"));
        assertThat(failed.json().path("error").asText()).contains("COLLISION_PACKET");
    }
}
