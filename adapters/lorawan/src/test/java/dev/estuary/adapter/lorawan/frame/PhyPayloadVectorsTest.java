package dev.estuary.adapter.lorawan.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.crypto.LorawanCrypto;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every vector of {@code lorawan-phypayload-vectors.txt}: the frame parses, its MIC verifies under the given key
 * (LoRaWAN 1.0.3 §4.4, §6.2.4, §6.2.5) and its FRMPayload decrypts to the expected plaintext (§4.3.3).
 */
@Timeout(10)
class PhyPayloadVectorsTest {
    private static final Map<String, Map<String, String>> V = Fixtures.phyVectors();
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void every_vector_of_the_file_was_checked() {
        assertThat(new TreeSet<>(CHECKED)).isEqualTo(new TreeSet<>(V.keySet()));
        assertThat(V).hasSize(14);
    }

    private static Map<String, String> v(String id) {
        CHECKED.add(id);
        return V.get(id);
    }

    private static DataFrame data(String hex) throws MalformedFrameException {
        return DataFrame.parse(PhyPayload.parse(Hex.parse(hex)));
    }

    private static byte[] mic(Map<String, String> v, DataFrame f) {
        return LorawanCrypto.dataMic(Hex.parse(v.get("NwkSKey")), f.mType().downlink(), f.devAddr(), f.fCnt16(),
                f.phy().withoutMic());
    }

    private static byte[] decrypt(Map<String, String> v, DataFrame f) {
        byte[] key = Hex.parse(f.fPort() == 0 ? v.get("NwkSKey") : v.get("AppSKey"));
        return LorawanCrypto.cryptFrmPayload(key, f.mType().downlink(), f.devAddr(), f.fCnt16(), f.frmPayload());
    }

    @Test
    void v1_unconfirmed_uplink_decrypts_to_test_with_its_mic_verified() throws Exception {
        Map<String, String> v = v("V1");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(Base64.getDecoder().decode(v.get("phypayload_base64"))).isEqualTo(f.phy().raw());
        assertThat(f.mType()).isEqualTo(MType.UNCONFIRMED_DATA_UP);
        assertThat(f.devAddrHex()).isEqualTo("49be7df1");
        assertThat(f.fCnt16()).isEqualTo(2);
        assertThat(f.fPort()).isEqualTo(1);
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic")).isEqualTo(Hex.of(f.phy().mic()));
        assertThat(Hex.of(decrypt(v, f))).isEqualTo(v.get("expected_plaintext_hex"));
        assertThat(new String(decrypt(v, f), StandardCharsets.US_ASCII)).isEqualTo(v.get("expected_plaintext_ascii"));
    }

    @Test
    void v1_negatives_wrong_appskey_and_flipped_bit() throws Exception {
        Map<String, String> v = v("V1");
        DataFrame f = data(v.get("phypayload_hex"));
        byte[] wrong = LorawanCrypto.cryptFrmPayload(Hex.parse("ec925802ae430ca77fd3dd73cb2cc580"), false,
                f.devAddr(), f.fCnt16(), f.frmPayload());
        assertThat(v.get("negative")).contains(Hex.of(wrong));
        DataFrame flipped = data("40F17DBE4900020001954478762B11FF0D");
        assertThat(v.get("negative.1")).contains("\"" + new String(decrypt(v, flipped), StandardCharsets.US_ASCII)
                + "\"");
        assertThat(mic(v, flipped)).isNotEqualTo(flipped.phy().mic());
    }

    @Test
    void v2_three_block_payload_decrypts_to_the_quick_brown_fox() throws Exception {
        Map<String, String> v = v("V2");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.fCnt16()).isEqualTo(Integer.parseInt(v.get("FCnt")));
        assertThat(mic(v, f)).isEqualTo(f.phy().mic());
        assertThat(Hex.of(f.phy().mic())).isEqualTo("0af3c5e7");
        assertThat(new String(decrypt(v, f), StandardCharsets.US_ASCII)).isEqualTo(v.get("expected_plaintext_ascii"));
    }

    @Test
    void v3_empty_frmpayload_verifies_and_a_tampered_mic_does_not() throws Exception {
        Map<String, String> v = v("V3");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.fPort()).isEqualTo(1);
        assertThat(f.frmPayload()).isEmpty();
        assertThat(f.fCnt16()).isEqualTo(3);
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic")).isEqualTo(Hex.of(f.phy().mic()));
        DataFrame tampered = data("40F17DBE49000300012A3518AA");
        assertThat(Hex.of(mic(v, tampered))).isEqualTo("2a3518af");
        assertThat(LorawanCrypto.sameMic(mic(v, tampered), tampered.phy().mic())).isFalse();
    }

    @Test
    void v4_downlink_mic_uses_direction_one() throws Exception {
        Map<String, String> v = v("V4");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.mType()).isEqualTo(MType.UNCONFIRMED_DATA_DOWN);
        assertThat(f.ack()).isTrue();
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic"));
        assertThat(LorawanCrypto.dataMic(Hex.parse(v.get("NwkSKey")), false, f.devAddr(), f.fCnt16(),
                f.phy().withoutMic())).isNotEqualTo(f.phy().mic());
    }

    @Test
    void v5_adr_frame_decrypts_to_hello() throws Exception {
        Map<String, String> v = v("V5");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.devAddrHex()).isEqualTo("01020304");
        assertThat(f.adr()).isTrue();
        assertThat(f.fCnt16()).isEqualTo(1);
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic"));
        assertThat(new String(decrypt(v, f), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void v6_fopts_are_plaintext_and_frmpayload_decrypts() throws Exception {
        Map<String, String> v = v("V6");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(Hex.of(f.fOpts())).isEqualTo("020305");
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic"));
        assertThat(Hex.of(decrypt(v, f))).isEqualTo(v.get("expected_plaintext_hex"));
    }

    @Test
    void v7_fport_zero_payload_is_decrypted_with_the_nwkskey() throws Exception {
        Map<String, String> v = v("V7");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.fPort()).isZero();
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic"));
        assertThat(Hex.of(decrypt(v, f))).isEqualTo(v.get("expected_plaintext_hex"));
    }

    @Test
    void v8_v9_v14_join_request_mics_verify() throws Exception {
        for (String id : new String[] {"V8", "V9", "V14"}) {
            Map<String, String> v = v(id);
            PhyPayload phy = PhyPayload.parse(Hex.parse(v.get("phypayload_hex")));
            JoinRequest jr = JoinRequest.parse(phy);
            byte[] mic = LorawanCrypto.joinRequestMic(Hex.parse(v.get("AppKey")), phy.withoutMic());
            assertThat(Hex.of(mic)).as(id).isEqualTo(v.get("expected_mic")).isEqualTo(Hex.of(phy.mic()));
            if (id.equals("V8")) {
                assertThat(Base64.getDecoder().decode(v.get("phypayload_base64"))).isEqualTo(phy.raw());
                assertThat(jr.joinEui()).isEqualTo("0102030401020304");
                assertThat(jr.devEui()).isEqualTo("0203040502030405");
                assertThat(jr.devNonce()).isEqualTo(4141);
            }
            if (id.equals("V14")) {
                assertThat(jr.joinEui()).isEqualTo("0101010101010101");
                assertThat(jr.devEui()).isEqualTo("0202020202020202");
            }
        }
    }

    @Test
    void v10_encrypted_join_accept_decrypts_and_verifies() throws Exception {
        Map<String, String> v = v("V10");
        byte[] appKey = Hex.parse(v.get("AppKey"));
        PhyPayload phy = PhyPayload.parse(Hex.parse(v.get("phypayload_hex")));
        JoinAccept ja = JoinAccept.decrypt(phy, appKey);
        assertThat(ja.micValid()).isTrue();
        assertThat(ja.joinNonce()).isEqualTo(5704647);
        assertThat(Integer.toHexString(ja.netId())).isEqualTo("221101");
        assertThat(String.format("%08x", ja.devAddr())).isEqualTo("02031980");
        assertThat(Hex.of(ja.mic())).isEqualTo("43485bbc");
        byte[] plain = LorawanCrypto.joinAcceptDecrypt(appKey, java.util.Arrays.copyOfRange(phy.raw(), 1, 17));
        assertThat("20" + Hex.of(plain)).isEqualTo(v.get("decrypted_hex"));
    }

    @Test
    void v11_v12_plaintext_join_accept_mics_verify() throws Exception {
        Map<String, String> v11 = v("V11");
        byte[] raw = Hex.parse(v11.get("phypayload_hex"));
        JoinAccept ja = JoinAccept.fromPlaintext(raw[0] & 0xff, java.util.Arrays.copyOfRange(raw, 1, raw.length),
                Hex.parse(v11.get("AppKey")));
        assertThat(ja.micValid()).isTrue();
        assertThat(Hex.of(ja.mic())).isEqualTo(v11.get("expected_mic"));

        Map<String, String> v12 = v("V12");
        byte[] key = Hex.parse(v12.get("AppKey"));
        JoinAccept fromAir = JoinAccept.decrypt(PhyPayload.parse(Hex.parse(v12.get("encrypted_phypayload_hex"))), key);
        assertThat(fromAir.micValid()).isTrue();
        assertThat(Hex.of(fromAir.mic())).isEqualTo(v12.get("expected_mic"));
        byte[] plain = Hex.parse(v12.get("plaintext_phypayload_hex"));
        assertThat(JoinAccept.fromPlaintext(plain[0], java.util.Arrays.copyOfRange(plain, 1, plain.length), key)
                .micValid()).isTrue();
    }

    @Test
    void v13_confirmed_uplink_with_dev_status_ans_in_fopts() throws Exception {
        Map<String, String> v = v("V13");
        DataFrame f = data(v.get("phypayload_hex"));
        assertThat(f.mType()).isEqualTo(MType.CONFIRMED_DATA_UP);
        assertThat(Hex.of(f.fOpts())).isEqualTo("067307");
        assertThat(f.fPort()).isEqualTo(10);
        assertThat(Hex.of(mic(v, f))).isEqualTo(v.get("expected_mic"));
        assertThat(Hex.of(decrypt(v, f))).isEqualTo(v.get("expected_plaintext_hex"));
    }

    @Test
    void truncated_and_foreign_frames_are_refused_as_values() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhyPayload.parse(Hex.parse("40f17d")))
                .isInstanceOf(MalformedFrameException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> data("40f17dbe490f0200019543787b"))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("FOptsLen");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhyPayload.parse(Hex.parse("41f17dbe4900020001")))
                .hasMessageContaining("major");
    }
}
