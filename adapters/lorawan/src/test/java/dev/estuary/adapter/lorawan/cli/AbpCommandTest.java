package dev.estuary.adapter.lorawan.cli;

import dev.estuary.core.testing.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.abp.AbpDevice;
import dev.estuary.adapter.lorawan.abp.AbpKeyStore;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.spi.AdapterCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code estuary lorawan abp add|del|list} over an in-memory store. */
@Timeout(10)
class AbpCommandTest {
    static final String NWK = "44024241ed4ce9a68c6a8bc055233fd3";
    static final String APP = "ec925802ae430ca77fd3dd73cb2cc588";

    private final InMemoryAdapterStore store = new InMemoryAdapterStore();
    private final AbpKeyStore keys = new AbpKeyStore(store);

    private CommandRun run(String... args) {
        return CommandRun.of(new AbpCommand(), store, args);
    }

    @Test
    void add_stores_the_session_and_resets_the_counters() {
        keys.put(AbpDevice.of("0102030405060708", "00000001", APP, NWK));
        keys.saveFCntUp("0102030405060708", 77);
        CommandRun r = run("add", "01-02-03-04-05-06-07-08", "49BE7DF1", NWK, APP.toUpperCase());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).isEqualTo("replaced ABP device 0102030405060708 (DevAddr 49be7df1, frame counters reset)"
                + System.lineSeparator());
        assertThat(keys.get("0102030405060708")).contains(AbpDevice.of("0102030405060708", "49be7df1", NWK, APP));
        assertThat(keys.lastFCntUp("0102030405060708")).isEmpty();
    }

    @Test
    void add_with_fcnt_up_sets_the_last_uplink_counter() {
        CommandRun r = run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up", "70000");
        assertThat(r.out()).isEqualTo("added ABP device 0102030405060708 (DevAddr 49be7df1, last uplink FCnt 70000)"
                + System.lineSeparator());
        assertThat(keys.lastFCntUp("0102030405060708")).hasValue(70000);
    }

    @Test
    void add_notes_a_devaddr_shared_with_another_device() {
        run("add", "0102030405060708", "49be7df1", NWK, APP);
        CommandRun r = run("add", "1111111111111111", "49be7df1", APP, NWK);
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.err()).isEqualTo("note: DevAddr 49be7df1 is also used by 0102030405060708 (the MIC tells their "
                + "frames apart)" + System.lineSeparator());
    }

    @Test
    void list_shows_devices_and_counters_but_never_keys() {
        run("add", "0102030405060708", "49be7df1", NWK, APP);
        run("add", "0a0b0c0d0e0f0001", "01020304", APP, NWK);
        keys.saveFCntUp("0102030405060708", 3);
        keys.saveFCntDown("0102030405060708", 1);
        CommandRun r = run("list");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out().lines().map(l -> l.strip().replaceAll(" +", " "))).containsExactly(
                "DEVEUI DEVADDR FCNT_UP FCNT_DOWN",
                "0102030405060708 49be7df1 3 1",
                "0a0b0c0d0e0f0001 01020304 - -",
                "2 devices");
        assertThat(r.out()).doesNotContain(NWK, APP, "4402", "ec92");
    }

    @Test
    void del_removes_the_device_and_its_counters_and_an_unknown_device_fails() {
        run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up", "5");
        CommandRun r = run("del", "0102030405060708");
        assertThat(r.out()).isEqualTo("deleted ABP device 0102030405060708" + System.lineSeparator());
        assertThat(keys.list()).isEmpty();
        assertThat(keys.lastFCntUp("0102030405060708")).isEmpty();
        r = run("del", "0102030405060708");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.FAILED);
        assertThat(r.err()).isEqualTo("estuary lorawan abp: no ABP device 0102030405060708" + System.lineSeparator());
    }

    @Test
    void bad_arguments_are_usage_errors_that_say_what_is_wrong_and_store_nothing() {
        assertUsage(run(), "missing verb: add, del or list");
        assertUsage(run("show"), "unknown verb 'show'");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK), "expected DEVEUI DEVADDR NWKSKEY APPSKEY");
        assertUsage(run("add", "01020304050607", "49be7df1", NWK, APP), "DevEUI must be 16 hex digits: 01020304050607");
        assertUsage(run("add", "010203040506070g", "49be7df1", NWK, APP), "DevEUI must be 16 hex digits");
        assertUsage(run("add", "0102030405060708", "49be7df", NWK, APP), "DevAddr must be 8 hex digits: 49be7df");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK + "00", APP), "NwkSKey must be 32 hex digits");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK, "xy" + APP.substring(2)),
                "AppSKey must be 32 hex digits");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up", "-1"),
                "--fcnt-up must be a frame counter 0..4294967295: -1");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up", "4294967296"),
                "--fcnt-up must be a frame counter");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-up"), "option --fcnt-up needs a value");
        assertUsage(run("add", "0102030405060708", "49be7df1", NWK, APP, "--fcnt-down", "1"),
                "unknown option '--fcnt-down'");
        assertUsage(run("del", "nope"), "DevEUI must be 16 hex digits: nope");
        assertUsage(run("del"), "expected DEVEUI");
        assertUsage(run("list", "--all"), "unknown option '--all'");
        assertThat(keys.list()).isEmpty();
    }

    @Test
    void a_bad_key_is_not_echoed() {
        CommandRun r = run("add", "0102030405060708", "49be7df1", NWK.substring(1), APP);
        assertThat(r.err()).doesNotContain(NWK.substring(1));
    }

    @Test
    void help_prints_the_usage() {
        CommandRun r = run("help");
        assertThat(r.exitCode()).isEqualTo(AdapterCommand.OK);
        assertThat(r.out()).startsWith("usage: estuary lorawan abp add DEVEUI DEVADDR NWKSKEY APPSKEY [--fcnt-up N]");
    }

    private static void assertUsage(CommandRun r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(AdapterCommand.USAGE);
        assertThat(r.err()).startsWith("estuary lorawan abp: ").contains(message)
                .contains("usage: estuary lorawan abp");
        assertThat(r.out()).isEmpty();
    }
}
