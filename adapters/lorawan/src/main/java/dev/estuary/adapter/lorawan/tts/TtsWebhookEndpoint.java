package dev.estuary.adapter.lorawan.tts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.http.HttpAnswer;
import dev.estuary.adapter.lorawan.http.HttpEndpoint;
import dev.estuary.adapter.lorawan.http.HttpRequestView;
import dev.estuary.adapter.lorawan.model.Source;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Things Stack's webhook integration (JSON format). Every enabled message type may point at the same base URL
 * (or any path below it): the body says what it is. When the webhook has a downlink API key, TTS adds
 * {@code X-Downlink-Push} and {@code X-Downlink-Apikey}, which Estuary keeps to send that device downlinks over HTTP.
 */
public final class TtsWebhookEndpoint implements HttpEndpoint {
    private final TtsEvents events;
    private final Source source;

    public TtsWebhookEndpoint(TtsEvents events, String networkServer) {
        this.events = events;
        this.source = new Source(networkServer, "tts", "http");
    }

    @Override
    public CompletionStage<HttpAnswer> handle(HttpRequestView req) {
        try {
            ObjectNode body = Json.parseObject(req.body());
            return events.handle(body, source, null, req.headers().get("X-Downlink-Push"),
                    req.headers().get("X-Downlink-Apikey")).thenApply(HttpAnswer::of);
        } catch (JsonProcessingException e) {
            return CompletableFuture.completedFuture(HttpAnswer.badRequest("bad JSON: " + e.getOriginalMessage()));
        } catch (IOException | BadInputException e) {
            return CompletableFuture.completedFuture(HttpAnswer.badRequest(e.getMessage()));
        }
    }
}
