package dev.estuary.adapter.lorawan.abp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.core.spi.AdapterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * ABP session keys and uplink frame counters in the adapter's {@link AdapterStore} (SQLite in the gateway, memory in
 * tests): namespace {@value #KEYS} holds one JSON document per DevEUI
 * ({@code {"devEui":..,"devAddr":..,"nwkSKey":..,"appSKey":..,"session":..}}), namespace {@value #COUNTERS} the last accepted
 * uplink FCnt per DevEUI, namespace {@value #DOWN_COUNTERS} the last downlink FCnt. Plain blocking calls: the CLI ({@code estuary lorawan abp ...}) can use this class
 * directly; the adapter calls it off the network threads.
 */
public final class AbpKeyStore {
    public static final String KEYS = "abp";
    public static final String COUNTERS = "abp-fcnt";
    public static final String DOWN_COUNTERS = "abp-fcnt-down";

    private final AdapterStore store;

    public AbpKeyStore(AdapterStore store) {
        this.store = store;
    }

    /**
     * A stored device with the id of its provisioning ({@code session}, new at every {@link #put}, empty for entries
     * written before it existed): a running adapter tells a device provisioned again with the same keys (counters
     * reset) from an unchanged one by it.
     */
    public record Entry(AbpDevice device, String session) {
    }

    /** Adds or replaces a device's session; its frame counters start over. */
    public void put(AbpDevice d) {
        ObjectNode o = Json.object();
        o.put("devEui", d.devEui()).put("devAddr", d.devAddrHex()).put("nwkSKey", Hex.of(d.nwkSKey()))
                .put("appSKey", Hex.of(d.appSKey())).put("session", java.util.UUID.randomUUID().toString());
        store.put(KEYS, d.devEui(), Json.bytes(o));
        store.delete(COUNTERS, d.devEui());
        store.delete(DOWN_COUNTERS, d.devEui());
    }

    public Optional<AbpDevice> get(String devEui) {
        return store.get(KEYS, Hex.eui(devEui)).map(AbpKeyStore::read);
    }

    /** Removes a device and its counter; false when it was not there. */
    public boolean delete(String devEui) {
        String eui = Hex.eui(devEui);
        store.delete(COUNTERS, eui);
        store.delete(DOWN_COUNTERS, eui);
        return store.delete(KEYS, eui);
    }

    public List<AbpDevice> list() {
        return entries().stream().map(Entry::device).toList();
    }

    /** Every device with its provisioning id. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : store.list(KEYS).entrySet()) {
            out.add(new Entry(read(e.getValue()), session(e.getValue())));
        }
        return out;
    }

    /** The last accepted uplink FCnt, if any frame was accepted since the keys were set. */
    public OptionalLong lastFCntUp(String devEui) {
        return store.get(COUNTERS, Hex.eui(devEui)).map(b -> OptionalLong.of(Long.parseLong(new String(b,
                java.nio.charset.StandardCharsets.US_ASCII)))).orElse(OptionalLong.empty());
    }

    /** The last accepted uplink FCnt of every device that has one, by DevEUI (one read, for reloads and lists). */
    public Map<String, Long> lastFCntsUp() {
        return counters(COUNTERS);
    }

    /** The last downlink FCnt of every device that has one, by DevEUI. */
    public Map<String, Long> lastFCntsDown() {
        return counters(DOWN_COUNTERS);
    }

    private Map<String, Long> counters(String namespace) {
        Map<String, Long> out = new java.util.HashMap<>();
        store.list(namespace).forEach((eui, v) -> out.put(eui, Long.parseLong(new String(v,
                java.nio.charset.StandardCharsets.US_ASCII))));
        return out;
    }

    public void saveFCntUp(String devEui, long fCnt) {
        store.put(COUNTERS, Hex.eui(devEui), Long.toString(fCnt).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The last downlink FCnt used (class A downlinks through the packet forwarder), if any. */
    public OptionalLong lastFCntDown(String devEui) {
        return store.get(DOWN_COUNTERS, Hex.eui(devEui)).map(b -> OptionalLong.of(Long.parseLong(new String(b,
                java.nio.charset.StandardCharsets.US_ASCII)))).orElse(OptionalLong.empty());
    }

    public void saveFCntDown(String devEui, long fCnt) {
        store.put(DOWN_COUNTERS, Hex.eui(devEui), Long.toString(fCnt).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Forgets the counter (after the device was reset and restarts at 0). */
    public void resetFCntUp(String devEui) {
        store.delete(COUNTERS, Hex.eui(devEui));
    }

    private static String session(byte[] json) {
        try {
            return Json.parseObject(json).path("session").asText("");
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt ABP entry in the store", e);
        }
    }

    private static AbpDevice read(byte[] json) {
        try {
            JsonNode n = Json.parseObject(json);
            return AbpDevice.of(n.path("devEui").asText(), n.path("devAddr").asText(), n.path("nwkSKey").asText(),
                    n.path("appSKey").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt ABP entry in the store", e);
        }
    }
}
