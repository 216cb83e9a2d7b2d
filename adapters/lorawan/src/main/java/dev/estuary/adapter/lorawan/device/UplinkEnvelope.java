package dev.estuary.adapter.lorawan.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.model.LoraUplink;
import dev.estuary.adapter.lorawan.model.RxInfo;
import java.util.Base64;

/**
 * The JSON envelope published on {@code devices/lorawan/{devEui}/up[/{fPort}]} (documented member by member in
 * {@code docs/adapters/lorawan.md}). Unknown values are left out rather than written as null.
 */
public final class UplinkEnvelope {
    private UplinkEnvelope() {
    }

    /**
     * @param decoded     the decoded object (Estuary's codec or the network server's), or null
     * @param decodedBy   the codec id, {@code network-server}, or null
     * @param decodeError why the configured codec failed, or null
     */
    public static ObjectNode of(LoraUplink u, JsonNode decoded, String decodedBy, String decodeError) {
        ObjectNode o = Json.object();
        o.put("devEui", u.devEui());
        putText(o, "deviceName", u.deviceName());
        if (u.owner() != null) {
            putText(o, "applicationId", u.owner().applicationId());
        }
        putText(o, "devAddr", u.devAddr());
        if (u.fPort() >= 0) {
            o.put("fPort", u.fPort());
        }
        o.put("fCnt", u.fCnt());
        o.put("confirmed", u.confirmed());
        if (u.adr() != null) {
            o.put("adr", u.adr());
        }
        if (u.dr() != null) {
            o.put("dr", u.dr());
        }
        o.put("data", Base64.getEncoder().encodeToString(u.data()));
        if (decoded != null) {
            o.set("decoded", decoded);
            putText(o, "decodedBy", decodedBy);
        }
        putText(o, "decodeError", decodeError);
        if (u.frequency() != null) {
            o.put("frequency", u.frequency());
        }
        putText(o, "modulation", u.modulation());
        if (u.spreadingFactor() != null) {
            o.put("spreadingFactor", u.spreadingFactor());
        }
        if (u.bandwidth() != null) {
            o.put("bandwidth", u.bandwidth());
        }
        putText(o, "codeRate", u.codeRate());
        ArrayNode rx = o.putArray("rx");
        for (RxInfo r : u.rx()) {
            rx.add(rx(r));
        }
        putText(o, "time", u.time());
        o.put("source", u.source().name());
        o.put("via", u.source().via());
        return o;
    }

    static ObjectNode rx(RxInfo r) {
        ObjectNode g = Json.object();
        putText(g, "gatewayId", r.gatewayId());
        putText(g, "gatewayEui", r.gatewayEui());
        if (r.rssi() != null) {
            g.put("rssi", r.rssi());
        }
        if (r.snr() != null) {
            g.put("snr", r.snr());
        }
        if (r.channel() != null) {
            g.put("channel", r.channel());
        }
        if (r.frequency() != null) {
            g.put("frequency", r.frequency());
        }
        putText(g, "dataRate", r.dataRate());
        if (r.spreadingFactor() != null) {
            g.put("spreadingFactor", r.spreadingFactor());
        }
        if (r.bandwidth() != null) {
            g.put("bandwidth", r.bandwidth());
        }
        putText(g, "time", r.time());
        return g;
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
