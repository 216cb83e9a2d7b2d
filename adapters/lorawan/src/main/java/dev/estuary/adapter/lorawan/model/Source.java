package dev.estuary.adapter.lorawan.model;

/**
 * Where an event came from.
 *
 * @param name the configured network-server name ({@code chirpstack}, {@code tts}, ...) or {@code gwmp}
 * @param type {@code chirpstack}, {@code tts} or {@code gwmp}
 * @param via  {@code http}, {@code mqtt} or {@code udp}
 */
public record Source(String name, String type, String via) {
}
