package dev.estuary.core.spi;

/** A configuration value an adapter cannot use; the message names the full key. Thrown from {@code start}. */
public class AdapterConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdapterConfigException(String message) {
        super(message);
    }

    public AdapterConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
