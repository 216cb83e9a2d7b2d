package dev.estuary.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void pbkdf2_equals_the_jdk_implementation_for_text_passwords() throws Exception {
        byte[] salt = "NaCl-and-pepper!".getBytes(StandardCharsets.US_ASCII);
        for (String pw : new String[] {"password", "pässwörd ✓", "x", "a much longer password than one block of "
                + "sixty-four bytes, so that HMAC hashes the key first"}) {
            for (int len : new int[] {32, 20, 64}) {
                byte[] ours = PasswordHasher.pbkdf2(pw.getBytes(StandardCharsets.UTF_8), salt, 1234, len);
                byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(pw.toCharArray(), salt, 1234, len * 8)).getEncoded();
                assertThat(ours).as(pw + " / " + len).isEqualTo(jdk);
            }
        }
    }

    @Test
    void hash_verifies_the_same_password_and_nothing_else() {
        byte[] pw = "s3cret".getBytes(StandardCharsets.UTF_8);
        String h = hasher.hash(pw);
        assertThat(h).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
        assertThat(PasswordHasher.verify(pw, h)).isTrue();
        assertThat(PasswordHasher.verify("s3cret ".getBytes(StandardCharsets.UTF_8), h)).isFalse();
        assertThat(PasswordHasher.verify("S3cret".getBytes(StandardCharsets.UTF_8), h)).isFalse();
        assertThat(PasswordHasher.verify(new byte[0], h)).isFalse();
    }

    @Test
    void each_hash_has_its_own_salt() {
        byte[] pw = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(hasher.hash(pw)).isNotEqualTo(hasher.hash(pw));
    }

    @Test
    void a_hash_keeps_its_iteration_count_when_the_configured_count_changes() {
        byte[] pw = "old".getBytes(StandardCharsets.UTF_8);
        String old = new PasswordHasher(2000).hash(pw);
        assertThat(PasswordHasher.verify(pw, old)).isTrue();
        assertThat(new PasswordHasher(3000).hash(pw)).startsWith("pbkdf2-sha256$3000$");
    }

    @Test
    void binary_passwords_that_are_not_utf8_do_not_collide() {
        byte[] a = {(byte) 0xFF, (byte) 0xFE, 0x00};
        byte[] b = {(byte) 0xFE, (byte) 0xFF, 0x00};
        String h = hasher.hash(a);
        assertThat(PasswordHasher.verify(a, h)).isTrue();
        assertThat(PasswordHasher.verify(b, h)).isFalse();
    }

    @Test
    void empty_password_can_be_hashed_and_differs_from_a_zero_byte_only_by_definition_of_hmac() {
        String h = hasher.hash(new byte[0]);
        assertThat(PasswordHasher.verify(new byte[0], h)).isTrue();
        assertThat(PasswordHasher.verify("x".getBytes(StandardCharsets.UTF_8), h)).isFalse();
    }

    @Test
    void malformed_stored_hashes_never_verify() {
        byte[] pw = "pw".getBytes(StandardCharsets.UTF_8);
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$1000$abc", "md5$1$a$b",
            "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$x$AAAA$AAAA", "pbkdf2-sha256$1000$!!$AAAA",
            "pbkdf2-sha256$1000$AAAA$", "pbkdf2-sha256$99999999999$AAAA$AAAA"}) {
            assertThat(PasswordHasher.verify(pw, bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
