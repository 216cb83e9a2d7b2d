package dev.estuary.adapter.lorawan;

import dev.estuary.core.spi.AdapterMetrics;
import dev.estuary.core.spi.AdapterMetrics.Counter;

/** The adapter's counters, exported as {@code estuary_adapter_lorawan_*}. */
public final class LorawanMetrics {
    public final Counter httpRequests;
    public final Counter httpBadRequests;
    public final Counter httpUnauthorized;
    public final Counter mqttMessages;
    public final Counter mqttBadMessages;
    public final Counter uplinksPublished;
    public final Counter duplicatesDropped;
    public final Counter eventsPublished;
    public final Counter publishFailures;
    public final Counter codecErrors;
    public final Counter downlinksRequested;
    public final Counter downlinksFailed;
    public final Counter gwmpPackets;
    public final Counter gwmpBadPackets;
    public final Counter micFailures;
    public final Counter replaysRejected;
    public final Counter unknownDevAddr;
    public final Counter framesIgnored;

    public LorawanMetrics(AdapterMetrics m) {
        httpRequests = m.counter("http_requests", "HTTP requests received from network servers");
        httpBadRequests = m.counter("http_bad_requests", "HTTP requests answered 4xx (bad JSON, unknown event...)");
        httpUnauthorized = m.counter("http_unauthorized", "HTTP requests refused for a missing or wrong secret");
        mqttMessages = m.counter("mqtt_messages", "messages received from network servers' MQTT brokers");
        mqttBadMessages = m.counter("mqtt_bad_messages", "network-server MQTT messages that could not be read");
        uplinksPublished = m.counter("uplinks_published", "uplinks published to devices/lorawan/+/up");
        duplicatesDropped = m.counter("duplicates_dropped", "uplinks not published again (same devEui+fCnt)");
        eventsPublished = m.counter("events_published", "device events published");
        publishFailures = m.counter("publish_failures", "uplinks or events the broker did not accept");
        codecErrors = m.counter("codec_errors", "payloads a codec could not decode or encode");
        downlinksRequested = m.counter("downlinks_requested", "downlinks received from MQTT clients");
        downlinksFailed = m.counter("downlinks_failed", "downlinks refused, undeliverable or reported failed");
        gwmpPackets = m.counter("gwmp_packets", "UDP packet-forwarder datagrams received");
        gwmpBadPackets = m.counter("gwmp_bad_packets", "UDP datagrams or rxpk entries that could not be read");
        micFailures = m.counter("mic_failures", "ABP frames whose MIC did not verify");
        replaysRejected = m.counter("replays_rejected", "ABP frames rejected for a replayed frame counter");
        unknownDevAddr = m.counter("unknown_devaddr", "data frames from a DevAddr with no ABP session");
        framesIgnored = m.counter("frames_ignored", "frames received but not handled (join-requests, downlinks...)");
    }
}
