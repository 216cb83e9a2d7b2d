package dev.estuary.adapter.lorawan.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A device event other than an uplink (join, ack, txack, log, location, integration, downlink outcomes...).
 *
 * @param devEui DevEUI (16 lowercase hex digits)
 * @param name   the event name, the last level of {@code devices/lorawan/{devEui}/events/{name}}
 * @param body   the event's JSON members (without the gateway's standard ones)
 * @param source where it came from
 * @param owner  ownership learned from it, or null
 * @param outcome what it says about a downlink Estuary sent, or null
 */
public record DeviceEvent(String devEui, String name, ObjectNode body, Source source, Owner owner,
                          DownlinkOutcome outcome) {
}
