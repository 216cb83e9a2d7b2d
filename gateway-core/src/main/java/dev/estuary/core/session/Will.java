package dev.estuary.core.session;

import dev.estuary.core.message.Message;

/**
 * A will message and its delay (MQTT 5.0 §3.1.3.2). The message is published when the connection ends without a
 * normal DISCONNECT, after {@code delaySeconds} or when the session ends, whichever is first, unless the client
 * reconnects to the session in the meantime.
 */
public record Will(Message message, long delaySeconds) {
}
