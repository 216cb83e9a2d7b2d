package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.core.testing.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials.Kind;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.spi.AdapterCommand;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code estuary lwm2m psk|rpk|x509|del|list} over an in-memory store. */
@Timeout(10)
class CredentialCommandsTest {
    private final InMemoryAdapterStore store = new InMemoryAdapterStore();
    private final Lwm2mCredentials credentials = new Lwm2mCredentials(store);

    private CommandRun run(AdapterCommand command, String... args) {
        return CommandRun.of(command, store, args);
    }

    private static PublicKey ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPublic();
    }

    @Test
    void psk_add_stores_identity_and_key_for_the_endpoint() {
        CommandRun r = run(new PskCommand(), "add", "ep-1", "ident-1", "00112233aabbccdd");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).isEqualTo("endpoint 'ep-1': PSK identity 'ident-1' (8-byte key)" + System.lineSeparator());
        Lwm2mCredentials.Credential c = credentials.byPskIdentity("ident-1").orElseThrow();
        assertThat(c.endpoint()).isEqualTo("ep-1");
        assertThat(c.key()).containsExactly(0x00, 0x11, 0x22, 0x33, 0xaa, 0xbb, 0xcc, 0xdd);
    }

    @Test
    void a_psk_identity_of_another_endpoint_is_refused() {
        credentials.putPsk("ep-1", "shared", new byte[] {1});
        CommandRun r = run(new PskCommand(), "add", "ep-2", "shared", "02");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.FAILED);
        assertThat(r.err()).contains("PSK identity 'shared' already belongs to endpoint 'ep-1'");
        assertThat(credentials.get("ep-2")).isEmpty();
    }

    @Test
    void rpk_add_stores_the_public_key_and_replaces_a_psk() throws Exception {
        credentials.putPsk("ep-r", "id-r", new byte[] {1});
        PublicKey key = ecKey();
        CommandRun r = run(new RpkCommand(), "add", "ep-r", Base64.getEncoder().encodeToString(key.getEncoded()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).startsWith("endpoint 'ep-r': raw public key (EC) (replaced its PSK credential)");
        Lwm2mCredentials.Credential c = credentials.get("ep-r").orElseThrow();
        assertThat(c.kind()).isEqualTo(Kind.RPK);
        assertThat(c.publicKey()).isEqualTo(key);
        assertThat(credentials.byPskIdentity("id-r")).isEmpty();
    }

    @Test
    void x509_add_marks_the_endpoint_and_notes_a_missing_trust_store() {
        CommandRun r = run(new X509Command(), "add", "ep-x");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).startsWith("endpoint 'ep-x': X.509 certificate with CN=ep-x");
        assertThat(r.err()).contains("adapters.lwm2m.dtls.trusted_certificates is not set");
        assertThat(credentials.get("ep-x")).hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(Kind.X509));
    }

    @Test
    void list_shows_endpoint_kind_and_identity_but_never_keys() throws Exception {
        credentials.putPsk("b-ep", "b-ident", new byte[] {(byte) 0xca, (byte) 0xfe});
        credentials.putRpk("a-ep", ecKey());
        credentials.putX509("c-ep");
        CommandRun r = run(new ListCommand());
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out().lines().map(String::strip).map(l -> l.replaceAll(" +", " ")))
                .containsExactly("ENDPOINT KIND IDENTITY", "a-ep rpk -", "b-ep psk b-ident", "c-ep x509 -",
                        "3 endpoints");
        assertThat(r.out()).doesNotContainIgnoringCase("cafe");
    }

    @Test
    void del_removes_every_credential_and_an_endpoint_without_one_fails() {
        credentials.putPsk("ep-d", "id-d", new byte[] {1});
        assertThat(run(new DelCommand(), "ep-d").out()).startsWith("deleted the credential of endpoint 'ep-d'");
        assertThat(credentials.get("ep-d")).isEmpty();
        assertThat(credentials.byPskIdentity("id-d")).isEmpty();
        CommandRun r = run(new DelCommand(), "ep-d");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.FAILED);
        assertThat(r.err()).contains("endpoint 'ep-d' has no credential");
    }

    @Test
    void bad_arguments_are_usage_errors_that_say_what_is_wrong_and_store_nothing() {
        assertUsage(run(new PskCommand()), "psk", "missing verb: add");
        assertUsage(run(new PskCommand(), "del", "ep"), "psk", "unknown verb 'del': add");
        assertUsage(run(new PskCommand(), "add", "ep", "id"), "psk", "expected ENDPOINT IDENTITY HEXKEY");
        assertUsage(run(new PskCommand(), "add", "ep", "id", "xyz"), "psk", "HEXKEY must be 1..64 bytes");
        assertUsage(run(new PskCommand(), "add", "ep", "id", "00".repeat(65)), "psk", "HEXKEY must be 1..64 bytes");
        assertUsage(run(new PskCommand(), "add", "", "id", "00"), "psk", "ENDPOINT must be non-empty text");
        assertUsage(run(new PskCommand(), "add", "ep", "id", "00", "more"), "psk", "extra argument 'more'");
        assertUsage(run(new RpkCommand(), "add", "ep", "bm90IGEga2V5"), "rpk", "is not a base64 X.509");
        assertUsage(run(new RpkCommand(), "add", "ep", "!!!"), "rpk", "is not a base64 X.509");
        assertUsage(run(new X509Command(), "add"), "x509", "expected ENDPOINT");
        assertUsage(run(new DelCommand()), "del", "expected ENDPOINT");
        assertUsage(run(new ListCommand(), "all"), "list", "unexpected argument 'all'");
        assertUsage(run(new ListCommand(), "--verbose"), "list", "unknown option '--verbose'");
        assertThat(credentials.list()).isEmpty();
    }

    @Test
    void every_command_prints_its_usage_on_help() {
        for (AdapterCommand c : new AdapterCommand[] {new PskCommand(), new RpkCommand(), new X509Command(),
            new DelCommand(), new ListCommand()}) {
            CommandRun r = run(c, "--help");
            assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
            assertThat(r.out()).startsWith("usage: estuary lwm2m " + c.name());
            assertThat(c.adapterId()).isEqualTo("lwm2m");
        }
    }

    private static void assertUsage(CommandRun r, String name, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.USAGE);
        assertThat(r.err()).startsWith("estuary lwm2m " + name + ": ").contains(message)
                .contains("usage: estuary lwm2m " + name);
        assertThat(r.out()).isEmpty();
    }
}
