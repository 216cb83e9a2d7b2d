package dev.estuary.adapter.lorawan.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AES-CMAC against RFC 4493 §4 test vectors (key 2b7e1516 28aed2a6 abf71588 09cf4f3c). */
@Timeout(10)
class AesCmacTest {
    private static final byte[] KEY = Hex.parse("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] M64 = Hex.parse("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

    @Test
    void empty_message_matches_rfc4493_example_1() {
        assertThat(Hex.of(AesCmac.mac(KEY, new byte[0]))).isEqualTo("bb1d6929e95937287fa37d129b756746");
    }

    @Test
    void one_block_matches_rfc4493_example_2() {
        assertThat(Hex.of(AesCmac.mac(KEY, Arrays.copyOf(M64, 16)))).isEqualTo("070a16b46b4d4144f79bdd9dd04a287c");
    }

    @Test
    void forty_bytes_matches_rfc4493_example_3() {
        assertThat(Hex.of(AesCmac.mac(KEY, Arrays.copyOf(M64, 40)))).isEqualTo("dfa66747de9ae63030ca32611497c827");
    }

    @Test
    void four_blocks_match_rfc4493_example_4() {
        assertThat(Hex.of(AesCmac.mac(KEY, M64))).isEqualTo("51f0bebf7e3b9d92fc49741779363cfe");
    }
}
