package dev.estuary.adapter.lorawan.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One uplink data frame of one device, normalised from any source.
 *
 * @param devEui          DevEUI, 16 lowercase hex digits
 * @param source          where it came from
 * @param owner           who can send this device downlinks (learned from this uplink), or null
 * @param deviceName      the network server's name of the device, or null
 * @param devAddr         DevAddr as 8 hex digits, or null
 * @param fPort           FPort, or -1 for a frame without one
 * @param fCnt            uplink frame counter
 * @param data            FRMPayload plaintext (empty when none)
 * @param decoded         the object the network server decoded, or null
 * @param confirmed       a confirmed uplink
 * @param adr             ADR bit, or null when unknown
 * @param dr              data-rate index, or null
 * @param frequency       frequency in Hz, or null
 * @param modulation      LORA, FSK or LR_FHSS, or null
 * @param spreadingFactor LoRa spreading factor, or null
 * @param bandwidth       bandwidth in Hz, or null
 * @param codeRate        coding rate ({@code 4/5}), or null
 * @param rx              receptions per gateway
 * @param time            when the network server received it (RFC 3339), or null
 */
public record LoraUplink(String devEui, Source source, Owner owner, String deviceName, String devAddr, int fPort,
                         long fCnt, byte[] data, JsonNode decoded, boolean confirmed, Boolean adr, Integer dr,
                         Long frequency, String modulation, Integer spreadingFactor, Integer bandwidth,
                         String codeRate, List<RxInfo> rx, String time) {
}
