package dev.estuary.adapter.lwm2m.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.adapter.InMemoryAdapterStore;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class Lwm2mCredentialsTest {
    private final InMemoryAdapterStore store = new InMemoryAdapterStore();
    private final Lwm2mCredentials credentials = new Lwm2mCredentials(store);

    @Test
    void a_psk_is_found_by_endpoint_and_by_identity() {
        credentials.putPsk("ep-1", "id-1", new byte[] {1, 2});
        assertThat(credentials.get("ep-1").orElseThrow().key()).containsExactly(1, 2);
        assertThat(credentials.byPskIdentity("id-1").orElseThrow().endpoint()).isEqualTo("ep-1");
        assertThat(credentials.byPskIdentity("id-2")).isEmpty();
    }

    @Test
    void an_identity_belongs_to_one_endpoint_only() {
        credentials.putPsk("ep-1", "id-1", new byte[] {1});
        assertThatThrownBy(() -> credentials.putPsk("ep-2", "id-1", new byte[] {1}))
                .hasMessageContaining("already belongs to endpoint 'ep-1'");
    }

    @Test
    void storing_another_kind_replaces_the_old_credential_and_its_identity() throws Exception {
        credentials.putPsk("ep-1", "id-1", new byte[] {1});
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        credentials.putRpk("ep-1", key);
        assertThat(credentials.get("ep-1").orElseThrow().kind()).isEqualTo(Lwm2mCredentials.Kind.RPK);
        assertThat(credentials.get("ep-1").orElseThrow().publicKey()).isEqualTo(key);
        assertThat(credentials.byPskIdentity("id-1")).isEmpty();
        credentials.putPsk("ep-2", "id-1", new byte[] {2});
        assertThat(credentials.byPskIdentity("id-1").orElseThrow().endpoint()).isEqualTo("ep-2");
    }

    @Test
    void removing_forgets_every_credential_and_the_list_shows_the_rest() {
        credentials.putPsk("ep-1", "id-1", new byte[] {1});
        credentials.putX509("ep-2");
        assertThat(credentials.remove("ep-1")).isTrue();
        assertThat(credentials.remove("ep-1")).isFalse();
        assertThat(credentials.list()).extracting(Lwm2mCredentials.Credential::endpoint).containsExactly("ep-2");
        assertThat(store.list(Lwm2mCredentials.PSK_IDENTITY)).isEmpty();
    }

    @Test
    void public_keys_decode_from_base64_der() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        assertThat(Lwm2mCredentials.publicKey("EC", Base64.getEncoder().encodeToString(key.getEncoded())))
                .isEqualTo(key);
        assertThatThrownBy(() -> Lwm2mCredentials.publicKey("EC", "AAAA")).hasMessageContaining("not a public key");
    }
}
