package dev.estuary.core.webhook;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One event on its way to a receiver. The JSON body is built from {@code body} on a webhook thread, never on the
 * broker thread that raised the event, and once for all receivers and retries.
 *
 * @param name  the event name ({@code client.connected}, {@code message.publish}, ...)
 * @param topic the message topic for {@code message.*} events (receivers filter on it), else null
 */
public final class WebhookEvent {
    private final String name;
    private final String topic;
    private final Supplier<Map<String, Object>> body;
    private volatile byte[] json;

    public WebhookEvent(String name, String topic, Supplier<Map<String, Object>> body) {
        this.name = name;
        this.topic = topic;
        this.body = body;
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    /** The request body (built on first use). */
    byte[] json() {
        byte[] j = json;
        if (j == null) {
            Map<String, Object> m = body.get();
            j = dev.estuary.core.internal.Json.bytes(m);
            json = j; // built twice at worst, harmlessly
        }
        return j;
    }
}
