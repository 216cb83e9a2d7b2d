package dev.estuary.core.routing;

/** A topic name or filter that breaks the MQTT rules or the configured limits; the message says which. */
public class InvalidTopicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }
}
