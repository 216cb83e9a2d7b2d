package dev.estuary.adapter.lorawan.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.crypto.LorawanCrypto;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data-down frames, checked against lora-packet's V4 (unconfirmed down, ACK, FCnt 2, FPort 1, no payload). */
@Timeout(10)
class DownlinkFramesTest {
    @Test
    void rebuilds_vector_v4_byte_for_byte() {
        Map<String, String> v4 = Fixtures.phyVectors().get("V4");
        byte[] frame = DownlinkFrames.build(Hex.parse(v4.get("NwkSKey")), new byte[16], 0x49be7df1, 2, false, true,
                false, 1, new byte[0]);
        assertThat(Hex.of(frame)).isEqualTo(v4.get("phypayload_hex"));
    }

    @Test
    void payload_is_encrypted_with_direction_one_and_decrypts_back() throws Exception {
        byte[] nwk = Hex.parse("44024241ed4ce9a68c6a8bc055233fd3");
        byte[] app = Hex.parse("ec925802ae430ca77fd3dd73cb2cc588");
        byte[] frame = DownlinkFrames.build(nwk, app, 0x49be7df1, 70000, true, false, true, 5, new byte[] {1, 2, 3});
        DataFrame f = DataFrame.parse(PhyPayload.parse(frame));
        assertThat(f.mType()).isEqualTo(MType.CONFIRMED_DATA_DOWN);
        assertThat(f.fCtrl() & 0x10).as("FPending").isEqualTo(0x10);
        assertThat(f.fCnt16()).isEqualTo(70000 & 0xffff);
        assertThat(LorawanCrypto.dataMic(nwk, true, f.devAddr(), 70000, f.phy().withoutMic())).isEqualTo(f.phy().mic());
        assertThat(LorawanCrypto.cryptFrmPayload(app, true, f.devAddr(), 70000, f.frmPayload()))
                .containsExactly(1, 2, 3);
        assertThat(LorawanCrypto.cryptFrmPayload(app, false, f.devAddr(), 70000, f.frmPayload()))
                .isNotEqualTo(new byte[] {1, 2, 3});
    }
}
