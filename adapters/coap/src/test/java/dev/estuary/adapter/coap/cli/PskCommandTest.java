package dev.estuary.adapter.coap.cli;

import dev.estuary.core.testing.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.coap.PskStore;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.spi.AdapterCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code estuary coap psk ...} argument handling, over an in-memory store. */
@Timeout(10)
class PskCommandTest {
    private final InMemoryAdapterStore store = new InMemoryAdapterStore();
    private final PskStore psks = new PskStore(store);

    private CommandRun run(String... args) {
        return CommandRun.of(new PskCommand(), store, args);
    }

    @Test
    void add_with_hex_stores_the_key_bytes_and_replacing_says_so() {
        CommandRun r = run("add", "sensor-7", "--hex", "00112233AABBccdd");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).isEqualTo("added PSK identity 'sensor-7' (8-byte key)" + System.lineSeparator());
        assertThat(psks.key("sensor-7")).hasValueSatisfying(k -> assertThat(k)
                .containsExactly(0x00, 0x11, 0x22, 0x33, 0xaa, 0xbb, 0xcc, 0xdd));

        r = run("add", "--hex=0x01:02", "sensor-7");
        assertThat(r.out()).startsWith("replaced the key of PSK identity 'sensor-7' (2-byte key)");
        assertThat(psks.key("sensor-7")).hasValueSatisfying(k -> assertThat(k).containsExactly(1, 2));
    }

    @Test
    void add_with_text_stores_its_utf8_bytes() {
        assertThat(run("add", "sensor-9", "--text", "sécret").exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(psks.key("sensor-9")).hasValueSatisfying(k -> assertThat(k)
                .isEqualTo("sécret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void an_identity_starting_with_a_dash_follows_a_double_dash() {
        assertThat(run("add", "--text", "k", "--", "-odd-").exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(psks.identities()).containsExactly("-odd-");
        assertThat(run("del", "--", "-odd-").exitCode()).isEqualTo(AdapterCommand.OK);
    }

    @Test
    void list_prints_identities_and_never_keys() {
        psks.add("b-dev", "secret-b".getBytes(StandardCharsets.UTF_8));
        psks.add("a-dev", "secret-a".getBytes(StandardCharsets.UTF_8));
        CommandRun r = run("list");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out().lines()).containsExactly("IDENTITY", "a-dev", "b-dev", "2 identities");
        assertThat(r.out()).doesNotContain("secret", "7365637265");
    }

    @Test
    void del_removes_and_an_unknown_identity_fails() {
        psks.add("gone", new byte[] {1});
        assertThat(run("del", "gone").out()).isEqualTo("deleted PSK identity 'gone'" + System.lineSeparator());
        assertThat(psks.key("gone")).isEmpty();
        CommandRun r = run("del", "gone");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.FAILED);
        assertThat(r.err()).isEqualTo("estuary coap psk: no PSK identity 'gone'" + System.lineSeparator());
    }

    @Test
    void bad_arguments_are_usage_errors_that_say_what_is_wrong_and_store_nothing() {
        assertUsage(run(), "missing verb: add, del or list");
        assertUsage(run("put", "x"), "unknown verb 'put': add, del or list");
        assertUsage(run("add", "x"), "give the key with exactly one of --hex HEX or --text SECRET");
        assertUsage(run("add", "x", "--hex", "00", "--text", "y"), "exactly one of --hex HEX or --text SECRET");
        assertUsage(run("add", "x", "--hex", "abc"), "--hex needs an even number of hex digits");
        assertUsage(run("add", "x", "--hex", "zz"), "--hex needs an even number of hex digits");
        assertUsage(run("add", "x", "--hex"), "option --hex needs a value");
        assertUsage(run("add", "x", "--hex", "00", "--hex", "01"), "option --hex given twice");
        assertUsage(run("add", "x", "--key", "00"), "unknown option '--key'");
        assertUsage(run("add", "--hex", "00"), "expected IDENTITY");
        assertUsage(run("add", "x", "y", "--hex", "00"), "got an extra argument 'y'");
        assertUsage(run("add", "x", "--hex", "00".repeat(65)), "a PSK must have 1..64 bytes");
        assertUsage(run("add", "x".repeat(129), "--hex", "00"), "at most 128 bytes");
        assertUsage(run("add", "bell\u0007", "--hex", "00"), "without control characters");
        assertUsage(run("list", "extra"), "unexpected argument 'extra'");
        assertUsage(run("del"), "expected IDENTITY");
        assertThat(psks.identities()).isEmpty();
    }

    @Test
    void help_prints_the_usage_on_standard_output() {
        CommandRun r = run("--help");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).startsWith("usage: estuary coap psk add IDENTITY (--hex HEX | --text SECRET)");
    }

    private static void assertUsage(CommandRun r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.USAGE);
        assertThat(r.err()).startsWith("estuary coap psk: ").contains(message).contains("usage: estuary coap psk");
        assertThat(r.out()).isEmpty();
    }
}
