package dev.estuary.adapter.lorawan.gwmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GWMP framing (PROTOCOL.TXT §3-§6) with the published bodies. */
@Timeout(10)
class GwmpPacketTest {
    @Test
    void pull_resp_samples_frame_as_header_and_json_and_their_unpadded_data_decodes_to_size_bytes() throws Exception {
        for (String f : new String[] {"semtech-pull-resp-txpk-lora.json", "semtech-pull-resp-txpk-fsk.json"}) {
            byte[] json = Fixtures.bytes(f);
            byte[] d = GwmpPacket.pullResp(2, 0xabcd, json);
            assertThat(Arrays.copyOf(d, 4)).containsExactly(2, 0xab, 0xcd, GwmpPacket.PULL_RESP);
            JsonNode txpk = Json.parseObject(Arrays.copyOfRange(d, 4, d.length)).path("txpk");
            assertThat(txpk.path("data").asText()).hasSize(43);
            assertThat(Rxpk.base64(txpk.path("data").asText())).hasSize(txpk.path("size").asInt());
            assertThat(txpk.path("imme").asBoolean()).isTrue();
        }
    }

    @Test
    void tx_ack_sample_parses_with_its_gateway_eui() throws Exception {
        byte[] json = Fixtures.bytes("semtech-tx-ack.json");
        byte[] d = new byte[12 + json.length];
        d[0] = 2;
        d[1] = 0x01;
        d[2] = 0x02;
        d[3] = GwmpPacket.TX_ACK;
        for (int i = 0; i < 8; i++) {
            d[4 + i] = (byte) (0xa0 + i);
        }
        System.arraycopy(json, 0, d, 12, json.length);
        GwmpPacket p = GwmpPacket.parse(d);
        assertThat(p.gatewayEui()).isEqualTo("a0a1a2a3a4a5a6a7");
        assertThat(p.token()).isEqualTo(0x0102);
        assertThat(Json.parseObject(p.json()).path("txpk_ack").path("error").asText()).isEqualTo("COLLISION_PACKET");
    }

    @Test
    void rxpk_sample_entries_parse_and_the_dash_is_refused() throws Exception {
        JsonNode rxpk = Json.parseObject(Fixtures.bytes("semtech-push-data-rxpk.json")).path("rxpk");
        assertThatThrownBy(() -> Rxpk.parse(rxpk.get(0))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("base64");
        Rxpk fsk = Rxpk.parse(rxpk.get(1));
        assertThat(new String(fsk.data())).isEqualTo("TEST_PACKET_1234");
        assertThat(fsk.modu()).isEqualTo("FSK");
        assertThat(fsk.rxInfo("x").frequency()).isEqualTo(869100000L);
        Rxpk lora = Rxpk.parse(rxpk.get(2));
        assertThat(lora.data()).hasSize(32);
        assertThat(lora.rxInfo("x").spreadingFactor()).isEqualTo(10);
        assertThat(lora.lsnr()).isEqualTo(5.5);
    }

    @Test
    void malformed_headers_are_refused_with_a_reason() {
        assertThatThrownBy(() -> GwmpPacket.parse(new byte[] {2, 0, 0})).hasMessageContaining("shorter");
        assertThatThrownBy(() -> GwmpPacket.parse(new byte[] {3, 0, 0, 0})).hasMessageContaining("version");
        assertThatThrownBy(() -> GwmpPacket.parse(new byte[] {2, 0, 0, 2, 1})).hasMessageContaining("EUI");
        assertThatThrownBy(() -> GwmpPacket.parse(new byte[] {2, 0, 0, 4})).hasMessageContaining("not sent by");
    }
}
