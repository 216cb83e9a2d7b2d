package dev.estuary.adapter.lorawan.chirpstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.model.Source;
import dev.estuary.adapter.lorawan.mqtt.MqttInbound;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events from ChirpStack's MQTT integration: {@code application/{applicationId}/device/{devEui}/event/{event}} (and
 * {@code .../state/{name}} where a ChirpStack configuration sets a state topic), JSON or Protobuf marshaler.
 * Unreadable messages are counted and logged; an empty payload (a cleared retained state) is skipped.
 */
public final class ChirpStackMqttInbound implements MqttInbound {
    /** What Estuary subscribes to unless configured otherwise. */
    public static final String DEFAULT_TOPIC = "application/+/device/+/event/+";
    private static final Logger LOG = LoggerFactory.getLogger(ChirpStackMqttInbound.class);

    private final ChirpStackEvents events;
    private final Source source;
    private final boolean protobuf;
    private final LorawanMetrics metrics;

    public ChirpStackMqttInbound(ChirpStackEvents events, String networkServer, boolean protobuf,
                                 LorawanMetrics metrics) {
        this.events = events;
        this.source = new Source(networkServer, "chirpstack", "mqtt");
        this.protobuf = protobuf;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(String topic, byte[] payload) {
        metrics.mqttMessages.increment();
        if (payload.length == 0) {
            return;
        }
        String[] levels = topic.split("/");
        String event = levels[levels.length - 1];
        try {
            ObjectNode json = protobuf ? ChirpStackProtobuf.toJson(event, payload) : Json.parseObject(payload);
            events.handle(event, json, source);
        } catch (JsonProcessingException e) {
            bad(topic, "bad JSON: " + e.getOriginalMessage());
        } catch (IOException | BadInputException e) {
            bad(topic, e.getMessage());
        }
    }

    private void bad(String topic, String why) {
        metrics.mqttBadMessages.increment();
        LOG.info("network server {}: message on {} not usable: {}", source.name(), topic, why);
    }
}
