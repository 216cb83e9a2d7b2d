package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.TopicLimits;
import dev.estuary.core.routing.Topics;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One webhook receiver ({@code webhooks.endpoints[]}): where to POST, which events, which topics.
 *
 * @param url     the receiver, {@code http://} or {@code https://}. Required.
 * @param events  which events to send: {@code client.connected}, {@code client.disconnected},
 *                {@code session.subscribed}, {@code message.publish}, {@code message.delivered},
 *                {@code message.dropped}. Default: all of them.
 * @param topics  topic filters that select the message events ({@code message.*}); client and session events are
 *                not filtered. Default {@code ["#"]} (every topic but {@code $SYS} ones).
 * @param headers extra HTTP headers sent with every request (e.g. an {@code Authorization} header).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookEndpointConfig(String url, List<String> events, List<String> topics,
                                    Map<String, String> headers) {
    /** Every event a webhook can receive, by its name in the JSON body and in {@code events}. */
    public static final List<String> EVENTS = List.of("client.connected", "client.disconnected",
            "session.subscribed", "message.publish", "message.delivered", "message.dropped");

    public WebhookEndpointConfig {
        if (url == null || url.isBlank()) {
            throw new ConfigException("url", "is required (http://host:port/path)");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("url", "is not a URL (was '" + url + "')");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException("url", "must be an http:// or https:// URL with a host (was '" + url + "')");
        }
        url = url.trim();
        events = events == null || events.isEmpty() ? EVENTS : List.copyOf(events);
        for (String e : events) {
            if (!EVENTS.contains(e)) {
                throw new ConfigException("events", "unknown event '" + e + "' (known: " + String.join(", ", EVENTS)
                        + ")");
            }
        }
        topics = topics == null || topics.isEmpty() ? List.of("#") : List.copyOf(topics);
        for (String t : topics) {
            try {
                Topics.checkFilter(t, TopicLimits.DEFAULT);
            } catch (InvalidTopicException e) {
                throw new ConfigException("topics", e.getMessage());
            }
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A receiver of every event on every topic. */
    public static WebhookEndpointConfig of(String url) {
        return new WebhookEndpointConfig(url, null, null, null);
    }
}
