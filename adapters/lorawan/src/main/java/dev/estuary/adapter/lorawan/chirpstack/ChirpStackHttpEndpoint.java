package dev.estuary.adapter.lorawan.chirpstack;

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
 * ChirpStack v4's HTTP integration: {@code POST {path}?event=up|join|ack|txack|status|log|location|integration}
 * with the JSON marshaler ({@code application/json}) or the Protobuf one ({@code application/octet-stream}).
 */
public final class ChirpStackHttpEndpoint implements HttpEndpoint {
    private final ChirpStackEvents events;
    private final Source source;

    public ChirpStackHttpEndpoint(ChirpStackEvents events, String networkServer) {
        this.events = events;
        this.source = new Source(networkServer, "chirpstack", "http");
    }

    @Override
    public CompletionStage<HttpAnswer> handle(HttpRequestView req) {
        String event = req.param("event");
        if (event == null) {
            return done(HttpAnswer.badRequest("missing ?event= (one of " + ChirpStackEvents.EVENTS + ")"));
        }
        try {
            ObjectNode json = protobuf(req.contentType()) ? ChirpStackProtobuf.toJson(event, req.body())
                    : Json.parseObject(req.body());
            return events.handle(event, json, source).thenApply(HttpAnswer::of);
        } catch (JsonProcessingException e) {
            return done(HttpAnswer.badRequest("bad JSON: " + e.getOriginalMessage()));
        } catch (IOException | BadInputException e) {
            return done(HttpAnswer.badRequest(e.getMessage()));
        }
    }

    static boolean protobuf(String contentType) {
        return "application/octet-stream".equals(contentType) || "application/protobuf".equals(contentType)
                || "application/x-protobuf".equals(contentType);
    }

    private static CompletionStage<HttpAnswer> done(HttpAnswer a) {
        return CompletableFuture.completedFuture(a);
    }
}
