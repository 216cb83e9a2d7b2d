package dev.estuary.adapter.lorawan.downlink;

import dev.estuary.adapter.lorawan.model.Owner;
import java.util.concurrent.CompletionStage;

/** Enqueues downlinks at one network server (over its MQTT broker or its HTTP API). */
public interface DownlinkSender {
    /**
     * Enqueues a downlink. Completes when the network server (or its broker) accepted it, exceptionally with a
     * message for the requester otherwise.
     *
     * @param key the correlation key the network server will echo in its events about this downlink
     */
    CompletionStage<Void> send(String devEui, Owner owner, DownlinkRequest request, String key);
}
