package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.adapter.SqliteAdapterStore;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential commands of the bundled adapter plugins through {@code estuary ADAPTER COMMAND ...}, in-process,
 * with the distribution's plugin archives: what they print, their exit codes, and what they leave in
 * {@code estuary.db}.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdapterCommandLineIT {
    static final String NWK = "44024241ed4ce9a68c6a8bc055233fd3";
    static final String APP = "ec925802ae430ca77fd3dd73cb2cc588";

    private Path plugins;
    private Path data;
    private String cfg;

    @BeforeAll
    void copyPlugins(@TempDir Path shared) throws Exception {
        plugins = BundledPlugins.copy(shared.resolve("plugins"), "gateway-adapter-coap", "gateway-adapter-lwm2m",
                "gateway-adapter-lorawan", "gateway-adapter-custom-tcp-spec", "estuary-plugin-simulated-sensor",
                "estuary-plugin-meter-vendor");
        Files.copy(BundledPlugins.distPlugins().resolve("disabled.txt"), plugins.resolve("disabled.txt"));
    }

    @BeforeEach
    void config(@TempDir Path dir) throws Exception {
        data = dir.resolve("data");
        cfg = Files.writeString(dir.resolve("estuary.yaml"), "node:\n  data_dir: '" + data + "'\n  plugins_dir: '"
                + plugins + "'\n").toString();
    }

    private Cli estuary(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-c";
        all[args.length + 1] = cfg;
        return Cli.run(all);
    }

    /** One namespace of an adapter's rows in {@code estuary.db}, read with the gateway's own store. */
    private Map<String, byte[]> stored(String adapterId, String namespace) {
        try (Database db = Database.open(data.resolve("estuary.db"))) {
            AdapterStore store = new SqliteAdapterStore(db, Clock.systemUTC()).forAdapter(adapterId);
            return store.list(namespace);
        }
    }

    private static void ok(Cli r) {
        assertThat(r.exitCode()).as("out: %s%nerr: %s", r.out(), r.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void coap_psk_add_list_and_del_manage_the_keys_the_adapter_reads() {
        Cli add = estuary("coap", "psk", "add", "sensor-7", "--hex", "00112233445566778899aabbccddeeff");
        ok(add);
        assertThat(add.out()).isEqualTo("added PSK identity 'sensor-7' (16-byte key)" + System.lineSeparator());
        ok(estuary("coap", "psk", "add", "sensor-8", "--text", "secret-eight"));
        assertThat(stored("coap", "psk").get("sensor-7"))
                .isEqualTo(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        assertThat(stored("coap", "psk").get("sensor-8")).isEqualTo("secret-eight".getBytes(StandardCharsets.UTF_8));

        Cli list = estuary("coap", "psk", "list");
        ok(list);
        assertThat(list.out().lines()).containsExactly("IDENTITY", "sensor-7", "sensor-8", "2 identities");
        assertThat(list.out()).doesNotContain("0011", "secret");

        ok(estuary("coap", "psk", "del", "sensor-7"));
        assertThat(stored("coap", "psk")).containsOnlyKeys("sensor-8");
        Cli again = estuary("coap", "psk", "del", "sensor-7");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err()).contains("no PSK identity 'sensor-7'");
    }

    @Test
    void lwm2m_psk_rpk_x509_list_and_del_manage_the_endpoint_credentials() throws Exception {
        ok(estuary("lwm2m", "psk", "add", "ep-1", "ident-1", "0102030405060708"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        String rpk = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        ok(estuary("lwm2m", "rpk", "add", "ep-2", rpk));
        Cli x509 = estuary("lwm2m", "x509", "add", "ep-3");
        ok(x509);
        assertThat(x509.err()).contains("adapters.lwm2m.dtls.trusted_certificates is not set");

        Cli list = estuary("lwm2m", "list");
        ok(list);
        assertThat(list.out().lines().map(l -> l.strip().replaceAll(" +", " "))).containsExactly(
                "ENDPOINT KIND IDENTITY", "ep-1 psk ident-1", "ep-2 rpk -", "ep-3 x509 -", "3 endpoints");
        assertThat(list.out()).doesNotContain("0102030405060708", rpk);
        assertThat(new String(stored("lwm2m", "psk-identity").get("ident-1"), StandardCharsets.UTF_8))
                .isEqualTo("ep-1");

        Cli taken = estuary("lwm2m", "psk", "add", "ep-9", "ident-1", "00");
        assertThat(taken.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(taken.err()).contains("PSK identity 'ident-1' already belongs to endpoint 'ep-1'");

        ok(estuary("lwm2m", "del", "ep-1"));
        assertThat(stored("lwm2m", "psk")).isEmpty();
        assertThat(stored("lwm2m", "psk-identity")).isEmpty();
        assertThat(estuary("lwm2m", "del", "ep-1").exitCode()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void lorawan_abp_add_list_and_del_manage_the_session_keys() {
        Cli add = estuary("lorawan", "abp", "add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up", "41");
        ok(add);
        assertThat(add.out()).contains("added ABP device 0102030405060708 (DevAddr 49be7df1, last uplink FCnt 41)");
        Map<String, byte[]> abp = stored("lorawan", "abp");
        assertThat(abp).containsOnlyKeys("0102030405060708");
        assertThat(new String(abp.get("0102030405060708"), StandardCharsets.UTF_8))
                .contains("\"devAddr\":\"49be7df1\"", "\"nwkSKey\":\"" + NWK + "\"", "\"appSKey\":\"" + APP + "\"");

        Cli list = estuary("lorawan", "abp", "list");
        ok(list);
        assertThat(list.out().lines().map(l -> l.strip().replaceAll(" +", " "))).containsExactly(
                "DEVEUI DEVADDR FCNT_UP FCNT_DOWN", "0102030405060708 49be7df1 41 -", "1 device");
        assertThat(list.out()).doesNotContain(NWK, APP);

        ok(estuary("lorawan", "abp", "del", "0102030405060708"));
        assertThat(stored("lorawan", "abp")).isEmpty();
        assertThat(stored("lorawan", "abp-fcnt")).isEmpty();
    }

    @Test
    void the_adapter_alone_lists_its_commands_with_their_descriptions() {
        Cli coap = estuary("coap");
        ok(coap);
        assertThat(coap.out()).startsWith("Commands of adapter 'coap' (estuary coap COMMAND ARGS...):")
                .contains("  psk  DTLS pre-shared keys of devices");
        Cli lwm2m = estuary("lwm2m");
        ok(lwm2m);
        assertThat(lwm2m.out().lines().skip(1).map(l -> l.strip().split(" ")[0]))
                .containsExactly("del", "list", "psk", "rpk", "x509");
        assertThat(estuary("lorawan", "--help").out()).contains("  abp  ABP session keys of devices");
    }

    @Test
    void an_unknown_command_of_an_adapter_is_a_usage_error_that_lists_its_commands() {
        Cli r = estuary("coap", "keys", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("estuary: adapter 'coap' has no command 'keys'")
                .contains("Commands of adapter 'coap'", "psk");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void an_unknown_adapter_lists_the_adapters_that_have_commands() {
        Cli r = estuary("zigbee", "keys");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).hasSize(4).startsWith(
                "estuary: 'zigbee' is neither a command nor an adapter with commands",
                "Adapters with commands: coap, lorawan, lwm2m (estuary ADAPTER lists them)")
                .endsWith("Run 'estuary --help' for the built-in commands.");
        assertThat(r.err().lines().toList().get(2)).startsWith("note: disabled plugins contribute no commands: ")
                .contains("meter-vendor", "simulated-sensor");
    }

    @Test
    void a_usage_error_of_a_command_exits_2_and_stores_nothing() {
        Cli r = estuary("coap", "psk", "add", "sensor-1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("estuary coap psk: give the key with exactly one of --hex HEX or --text SECRET")
                .contains("usage: estuary coap psk add IDENTITY");
        assertThat(estuary("lorawan", "abp", "add", "0102", "49be7df1", NWK, APP).err())
                .contains("DevEUI must be 16 hex digits: 0102");
        assertThat(stored("coap", "psk")).isEmpty();
        assertThat(stored("lorawan", "abp")).isEmpty();
    }

    @Test
    void the_db_option_selects_the_database_file_wherever_it_is_given() throws Exception {
        Path other = data.resolveSibling("elsewhere.db");
        ok(Cli.run("coap", "--db", other.toString(), "psk", "add", "-c", cfg, "dev-x", "--text", "k"));
        try (Database db = Database.open(other)) {
            assertThat(new SqliteAdapterStore(db, Clock.systemUTC()).forAdapter("coap").list("psk"))
                    .containsOnlyKeys("dev-x");
        }
        assertThat(data.resolve("estuary.db")).doesNotExist();
    }

    @Test
    void an_unusable_database_is_a_failure_naming_it() throws Exception {
        Path folder = Files.createDirectories(data.resolveSibling("not-a-db"));
        Cli r = estuary("coap", "psk", "list", "--db", folder.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).isEqualTo("estuary: database " + folder + " is a directory, not a file"
                + System.lineSeparator());
    }
}
