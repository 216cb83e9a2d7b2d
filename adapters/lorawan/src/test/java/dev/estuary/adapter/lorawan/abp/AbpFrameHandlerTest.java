package dev.estuary.adapter.lorawan.abp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ABP uplink handling with the lora-packet vectors V1 (FCnt 2, "test") and V3 (FCnt 3) under one session. */
@Timeout(10)
class AbpFrameHandlerTest {
    static final byte[] V1 = Hex.parse("40F17DBE4900020001954378762B11FF0D");
    static final byte[] V3 = Hex.parse("40F17DBE49000300012A3518AF");
    static final AbpDevice DEVICE = AbpDevice.of("0102030405060708", "49be7df1", "44024241ed4ce9a68c6a8bc055233fd3",
            "ec925802ae430ca77fd3dd73cb2cc588");

    private final MutableClock clock = new MutableClock();
    private final List<String> saved = new ArrayList<>();
    private final AbpFrameHandler handler = new AbpFrameHandler(16384, Duration.ofSeconds(30), clock,
            (eui, fCnt) -> saved.add(eui + "=" + fCnt));

    @Test
    void accepted_frame_is_decrypted_and_its_counter_saved() {
        handler.add(DEVICE, -1);
        AbpResult r = handler.handle(V1);
        assertThat(r.status()).isEqualTo(AbpResult.Status.ACCEPTED);
        assertThat(r.fCnt()).isEqualTo(2);
        assertThat(new String(r.plaintext(), StandardCharsets.US_ASCII)).isEqualTo("test");
        assertThat(saved).containsExactly("0102030405060708=2");
    }

    @Test
    void tampered_mic_is_rejected() {
        handler.add(DEVICE, -1);
        byte[] tampered = V1.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(handler.handle(tampered).status()).isEqualTo(AbpResult.Status.MIC_FAILED);
        assertThat(saved).isEmpty();
    }

    @Test
    void same_frame_within_the_window_is_a_duplicate_and_after_it_a_replay() {
        handler.add(DEVICE, -1);
        assertThat(handler.handle(V1).status()).isEqualTo(AbpResult.Status.ACCEPTED);
        assertThat(handler.handle(V1).status()).isEqualTo(AbpResult.Status.DUPLICATE);
        clock.advance(Duration.ofSeconds(31));
        assertThat(handler.handle(V1).status()).isEqualTo(AbpResult.Status.REPLAY);
        assertThat(saved).hasSize(1);
    }

    @Test
    void lower_frame_counter_is_rejected_as_a_replay() {
        handler.add(DEVICE, -1);
        assertThat(handler.handle(V3).status()).isEqualTo(AbpResult.Status.ACCEPTED);
        AbpResult r = handler.handle(V1);
        assertThat(r.status()).isEqualTo(AbpResult.Status.REPLAY);
        assertThat(r.detail()).contains("FCnt 2 is not above 3");
    }

    @Test
    void counter_persisted_from_an_earlier_run_rejects_an_old_frame() {
        handler.add(DEVICE, 2);
        assertThat(handler.handle(V1).status()).isEqualTo(AbpResult.Status.REPLAY);
        assertThat(handler.handle(V3).status()).isEqualTo(AbpResult.Status.ACCEPTED);
    }

    @Test
    void unknown_devaddr_and_join_requests_are_not_handled() {
        assertThat(handler.handle(V1).status()).isEqualTo(AbpResult.Status.UNKNOWN_DEVADDR);
        assertThat(handler.handle(Hex.parse("00040302010403020105040302050403022d106a990e12")).status())
                .isEqualTo(AbpResult.Status.NOT_UPLINK);
        assertThat(handler.handle(Hex.parse("40f1")).status()).isEqualTo(AbpResult.Status.MALFORMED);
    }

    @Test
    void sixteen_bit_counter_rolls_over_into_the_next_epoch() {
        assertThat(AbpFrameHandler.fullCounter(-1, 5, 16384)).isEqualTo(5);
        assertThat(AbpFrameHandler.fullCounter(0xfffe, 3, 16384)).isEqualTo(0x10003);
        assertThat(AbpFrameHandler.fullCounter(0x10005, 7, 16384)).isEqualTo(0x10007);
        assertThat(AbpFrameHandler.fullCounter(0x10005, 2, 16384)).isEqualTo(0x10002);
        assertThat(AbpFrameHandler.fullCounter(40000, 2, 16384)).isEqualTo(2);
    }

    @Test
    void sync_keeps_the_higher_counter_and_drops_devices_no_longer_stored() {
        handler.add(DEVICE, -1);
        assertThat(handler.handle(V3).status()).isEqualTo(AbpResult.Status.ACCEPTED);
        handler.sync(List.of(DEVICE), eui -> 1);
        assertThat(handler.handle(V1).status()).as("memory says 3, store says 1").isEqualTo(AbpResult.Status.REPLAY);
        handler.sync(List.of(), eui -> -1);
        assertThat(handler.handle(V3).status()).isEqualTo(AbpResult.Status.UNKNOWN_DEVADDR);
    }

    @Test
    void sync_restarts_the_counter_of_a_device_provisioned_again() {
        handler.add(DEVICE, -1);
        assertThat(handler.handle(V3).status()).isEqualTo(AbpResult.Status.ACCEPTED);
        handler.sync(List.of(DEVICE), eui -> -1, java.util.Set.of(DEVICE.devEui()));
        assertThat(handler.handle(V1).status()).as("counter reset in the store").isEqualTo(AbpResult.Status.ACCEPTED);
    }

    @Test
    void every_put_gives_the_device_a_new_provisioning_id() {
        AbpKeyStore store = new AbpKeyStore(new dev.estuary.core.adapter.InMemoryAdapterStore());
        store.put(DEVICE);
        String first = store.entries().get(0).session();
        store.put(DEVICE);
        assertThat(store.entries()).singleElement().satisfies(e -> {
            assertThat(e.device()).isEqualTo(DEVICE);
            assertThat(e.session()).isNotBlank().isNotEqualTo(first);
        });
        store.saveFCntUp(DEVICE.devEui(), 9);
        store.saveFCntDown(DEVICE.devEui(), 4);
        assertThat(store.lastFCntsUp()).containsExactly(java.util.Map.entry(DEVICE.devEui(), 9L));
        assertThat(store.lastFCntsDown()).containsExactly(java.util.Map.entry(DEVICE.devEui(), 4L));
    }

    @Test
    void key_store_round_trips_devices_and_counters() {
        AbpKeyStore store = new AbpKeyStore(new dev.estuary.core.adapter.InMemoryAdapterStore());
        store.put(DEVICE);
        assertThat(store.get("01-02-03-04-05-06-07-08")).contains(DEVICE);
        assertThat(store.lastFCntUp(DEVICE.devEui())).isEmpty();
        store.saveFCntUp(DEVICE.devEui(), 70000);
        assertThat(store.lastFCntUp(DEVICE.devEui())).hasValue(70000);
        assertThat(store.list()).containsExactly(DEVICE);
        assertThat(DEVICE.toString()).doesNotContain("4402");
        assertThat(store.delete(DEVICE.devEui())).isTrue();
        assertThat(store.list()).isEmpty();
        assertThat(store.lastFCntUp(DEVICE.devEui())).isEmpty();
    }
}
