package dev.estuary.core.session;

import dev.estuary.core.routing.SubscriptionOptions;

/**
 * One topic filter of a SUBSCRIBE, as sent ({@code $share/...} and {@code $queue/...} prefixes included).
 *
 * @param topic   the subscription topic as the client wrote it
 * @param options the requested options
 */
public record SubscribeRequest(String topic, SubscriptionOptions options) {
}
