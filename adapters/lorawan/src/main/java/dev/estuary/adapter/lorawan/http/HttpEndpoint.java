package dev.estuary.adapter.lorawan.http;

import java.util.concurrent.CompletionStage;

/** One network server's HTTP endpoint (ChirpStack HTTP integration, TTS webhook), after authentication. */
@FunctionalInterface
public interface HttpEndpoint {
    CompletionStage<HttpAnswer> handle(HttpRequestView request);
}
