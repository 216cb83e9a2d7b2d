package dev.estuary.adapter.lorawan.tts;

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
 * Messages from The Things Stack's MQTT server: {@code v3/{app}[@{tenant}]/devices/{device}/up|join|down/...}. The
 * topic prefix before {@code /devices/} is remembered so that downlinks go back under the same prefix.
 */
public final class TtsMqttInbound implements MqttInbound {
    /** What Estuary subscribes to unless configured otherwise. */
    public static final String DEFAULT_TOPIC = "v3/+/devices/+/#";
    private static final Logger LOG = LoggerFactory.getLogger(TtsMqttInbound.class);

    private final TtsEvents events;
    private final Source source;
    private final LorawanMetrics metrics;

    public TtsMqttInbound(TtsEvents events, String networkServer, LorawanMetrics metrics) {
        this.events = events;
        this.source = new Source(networkServer, "tts", "mqtt");
        this.metrics = metrics;
    }

    @Override
    public void onMessage(String topic, byte[] payload) {
        metrics.mqttMessages.increment();
        int devices = topic.indexOf("/devices/");
        if (devices < 0 || payload.length == 0) {
            bad(topic, "not a TTS device topic or empty");
            return;
        }
        if (topic.endsWith("/down/push") || topic.endsWith("/down/replace")) {
            return;
        }
        try {
            ObjectNode json = Json.parseObject(payload);
            events.handle(json, source, topic.substring(0, devices), null, null);
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
