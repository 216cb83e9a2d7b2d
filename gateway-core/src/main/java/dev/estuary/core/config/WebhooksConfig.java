package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.List;

/**
 * Webhooks (the {@code webhooks:} section): events POSTed as JSON to HTTP receivers. Each receiver has its own
 * bounded queue and senders, so a slow or dead receiver never slows the broker or the other receivers; when a
 * queue is full new events for that receiver are dropped and counted.
 *
 * @param endpoints     the receivers. None by default.
 * @param queueSize     events waiting per receiver. 10000.
 * @param timeout       time allowed for one request (connect and answer). 5s.
 * @param maxRetries    retries of a failed request (an error, a timeout or an answer other than 2xx). 3.
 * @param retryBackoff  wait before the first retry; doubled for each further one (at most 1 minute). 1s.
 * @param maxInFlight   requests in progress at once per receiver. 4.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhooksConfig(List<WebhookEndpointConfig> endpoints, Integer queueSize, Duration timeout,
                             Integer maxRetries, Duration retryBackoff, Integer maxInFlight) {
    public static final WebhooksConfig DEFAULTS = new WebhooksConfig(null, null, null, null, null, null);

    public WebhooksConfig {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        queueSize = Check.intIn("queue_size", queueSize, 10_000, 1, 10_000_000);
        timeout = Check.duration("timeout", timeout, Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMinutes(10));
        maxRetries = Check.intIn("max_retries", maxRetries, 3, 0, 100);
        retryBackoff = Check.duration("retry_backoff", retryBackoff, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofMinutes(10));
        maxInFlight = Check.intIn("max_in_flight", maxInFlight, 4, 1, 1000);
    }

    /** These receivers with the other keys at their defaults. */
    public static WebhooksConfig of(List<WebhookEndpointConfig> endpoints) {
        return new WebhooksConfig(endpoints, null, null, null, null, null);
    }

    public WebhooksConfig withRetries(int retries, Duration backoff, Duration requestTimeout) {
        return new WebhooksConfig(endpoints, queueSize, requestTimeout, retries, backoff, maxInFlight);
    }

    public WebhooksConfig withQueueSize(int size) {
        return new WebhooksConfig(endpoints, size, timeout, maxRetries, retryBackoff, maxInFlight);
    }
}
