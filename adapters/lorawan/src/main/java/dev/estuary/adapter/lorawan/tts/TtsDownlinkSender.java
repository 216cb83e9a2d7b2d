package dev.estuary.adapter.lorawan.tts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.downlink.DownlinkRequest;
import dev.estuary.adapter.lorawan.downlink.DownlinkSender;
import dev.estuary.adapter.lorawan.model.Owner;
import dev.estuary.adapter.lorawan.mqtt.NetworkServerMqttClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Enqueues downlinks at The Things Stack: {@code {prefix}/devices/{device}/down/push} over its MQTT server when
 * connected, else the webhook's downlink push URL with its API key ({@code X-Downlink-Push},
 * {@code X-Downlink-Apikey}). The correlation id {@code estuary:{key}} comes back in TTS's downlink events.
 */
public final class TtsDownlinkSender implements DownlinkSender {
    private final NetworkServerMqttClient mqtt;
    private final String tenant;
    private final HttpClient http;

    /** @param mqtt the MQTT connection, or null for webhooks only */
    public TtsDownlinkSender(NetworkServerMqttClient mqtt, String tenant, HttpClient http) {
        this.mqtt = mqtt;
        this.tenant = tenant;
        this.http = http;
    }

    @Override
    public CompletionStage<Void> send(String devEui, Owner owner, DownlinkRequest d, String key) {
        byte[] body = Json.bytes(push(d, key));
        if (mqtt != null && mqtt.isConnected() && owner.deviceId() != null
                && (owner.mqttPrefix() != null || owner.applicationId() != null)) {
            String prefix = owner.mqttPrefix() != null ? owner.mqttPrefix()
                    : "v3/" + owner.applicationId() + (tenant == null ? "" : "@" + tenant);
            return mqtt.publish(prefix + "/devices/" + owner.deviceId() + "/down/push", body, "application/json");
        }
        if (owner.pushUrl() != null && owner.apiKey() != null) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(owner.pushUrl())).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + owner.apiKey()).header("Content-Type", "application/json")
                    .header("User-Agent", "estuary-lorawan").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
                if (res.statusCode() / 100 != 2) {
                    throw new IllegalStateException("TTS answered " + res.statusCode() + ": " + res.body());
                }
                return null;
            });
        }
        return CompletableFuture.failedFuture(new IllegalStateException("no way to reach " + devEui + " at "
                + owner.networkServer() + ": no MQTT connection with a known device id, and no webhook downlink "
                + "URL/API key seen"));
    }

    /** The {@code down/push} body (the format of TTS's MQTT page and webhook downlink API). */
    static ObjectNode push(DownlinkRequest d, String key) {
        ObjectNode root = Json.object();
        ObjectNode dl = root.putArray("downlinks").addObject();
        dl.put("f_port", d.fPort());
        if (d.data() != null) {
            dl.put("frm_payload", Base64.getEncoder().encodeToString(d.data()));
        } else {
            dl.set("decoded_payload", d.object());
        }
        dl.put("priority", d.priority());
        if (d.confirmed()) {
            dl.put("confirmed", true);
        }
        dl.putArray("correlation_ids").add(TtsEvents.CORRELATION_PREFIX + key);
        return root;
    }
}
