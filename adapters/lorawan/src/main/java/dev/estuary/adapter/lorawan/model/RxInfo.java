package dev.estuary.adapter.lorawan.model;

/**
 * Reception of one frame by one gateway. Null fields are unknown and left out of envelopes.
 *
 * @param gatewayId       gateway id (EUI as 16 hex digits for ChirpStack and GWMP; TTS gateway id)
 * @param gatewayEui      gateway EUI when known separately from its id (TTS)
 * @param rssi            RSSI in dBm
 * @param snr             LoRa SNR in dB
 * @param channel         concentrator channel
 * @param frequency       frequency in Hz
 * @param dataRate        data rate as the gateway names it ({@code SF7BW125}, or FSK bit rate)
 * @param spreadingFactor LoRa spreading factor
 * @param bandwidth       bandwidth in Hz
 * @param time            reception time (RFC 3339) when the gateway or network server gave one
 */
public record RxInfo(String gatewayId, String gatewayEui, Integer rssi, Double snr, Integer channel, Long frequency,
                     String dataRate, Integer spreadingFactor, Integer bandwidth, String time) {
}
