package dev.estuary.adapter.lorawan.chirpstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.downlink.DownlinkRequest;
import dev.estuary.adapter.lorawan.downlink.DownlinkSender;
import dev.estuary.adapter.lorawan.model.Owner;
import dev.estuary.adapter.lorawan.mqtt.NetworkServerMqttClient;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Enqueues downlinks through ChirpStack's MQTT integration: a {@code DownlinkCommand} on
 * {@code application/{applicationId}/device/{devEui}/command/down}, whose {@code id} Estuary sets to its correlation
 * key — ChirpStack uses it as the queue item id and echoes it in the {@code txack} and {@code ack} events.
 */
public final class ChirpStackDownlinkSender implements DownlinkSender {
    private final NetworkServerMqttClient mqtt;
    private final boolean protobuf;

    public ChirpStackDownlinkSender(NetworkServerMqttClient mqtt, boolean protobuf) {
        this.mqtt = mqtt;
        this.protobuf = protobuf;
    }

    @Override
    public CompletionStage<Void> send(String devEui, Owner owner, DownlinkRequest d, String key) {
        if (owner.applicationId() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the ChirpStack application of " + devEui
                    + " is unknown; configure adapters.lorawan.devices." + devEui + ".application_id"));
        }
        String topic = "application/" + owner.applicationId() + "/device/" + devEui + "/command/down";
        if (protobuf) {
            if (d.data() == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("with the Protobuf marshaler, "
                        + "downlinks need \"data\" or an Estuary codec for \"object\""));
            }
            return mqtt.publish(topic, ProtoWriter.downlinkCommand(key, devEui, d.confirmed(), d.fPort(), d.data()),
                    null);
        }
        return mqtt.publish(topic, Json.bytes(command(devEui, d, key)), "application/json");
    }

    /** The DownlinkCommand JSON (integration.proto). */
    static ObjectNode command(String devEui, DownlinkRequest d, String key) {
        ObjectNode c = Json.object();
        c.put("id", key);
        c.put("devEui", devEui);
        c.put("confirmed", d.confirmed());
        c.put("fPort", d.fPort());
        if (d.data() != null) {
            c.put("data", Base64.getEncoder().encodeToString(d.data()));
        } else {
            c.set("object", d.object());
        }
        return c;
    }
}
