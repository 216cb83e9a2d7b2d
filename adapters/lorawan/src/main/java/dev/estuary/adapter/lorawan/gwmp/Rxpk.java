package dev.estuary.adapter.lorawan.gwmp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.model.RxInfo;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One received packet of a PUSH_DATA {@code rxpk} array (PROTOCOL.TXT §4): radio metadata and the PHYPayload.
 *
 * @param time  UTC reception time, or null
 * @param tmst  concentrator counter (µs)
 * @param freq  frequency in MHz
 * @param chan  IF channel
 * @param stat  CRC status: 1 OK, -1 bad, 0 none
 * @param modu  LORA or FSK
 * @param datr  LoRa {@code SFnBWm} or FSK bit rate
 * @param codr  LoRa coding rate
 * @param rssi  RSSI in dBm
 * @param lsnr  LoRa SNR in dB, or null
 * @param data  the PHYPayload
 */
public record Rxpk(String time, long tmst, double freq, Integer chan, int stat, String modu, String datr, String codr,
                   Integer rssi, Double lsnr, byte[] data) {
    private static final Pattern LORA_DR = Pattern.compile("SF(\\d+)BW(\\d+)");

    static Rxpk parse(JsonNode n) throws BadInputException {
        if (!n.isObject() || !n.hasNonNull("data") || !n.hasNonNull("freq")) {
            throw new BadInputException("rxpk entry without data or freq");
        }
        return new Rxpk(Json.text(n, "time"), n.path("tmst").asLong(), n.path("freq").asDouble(),
                n.has("chan") ? n.get("chan").asInt() : null, n.path("stat").asInt(1), Json.text(n, "modu"),
                n.path("datr").asText(null), Json.text(n, "codr"), n.has("rssi") ? n.get("rssi").asInt() : null,
                n.has("lsnr") ? n.get("lsnr").asDouble() : null, base64(n.get("data").asText()));
    }

    /** Base64 with or without '=' padding (PROTOCOL.TXT allows both); anything else is refused. */
    static byte[] base64(String s) throws BadInputException {
        String padded = s.length() % 4 == 0 ? s : s + "=".repeat(4 - s.length() % 4);
        try {
            return Base64.getDecoder().decode(padded);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("data is not base64: " + e.getMessage());
        }
    }

    long frequencyHz() {
        return Math.round(freq * 1_000_000);
    }

    RxInfo rxInfo(String gatewayEui) {
        Integer sf = null;
        Integer bw = null;
        if (datr != null) {
            Matcher m = LORA_DR.matcher(datr);
            if (m.matches()) {
                sf = Integer.valueOf(m.group(1));
                bw = Integer.parseInt(m.group(2)) * 1000;
            }
        }
        return new RxInfo(gatewayEui, gatewayEui, rssi, lsnr, chan, frequencyHz(), datr, sf, bw, time);
    }
}
