package dev.estuary.core;

/**
 * A problem that stops the gateway from starting (port in use, unreadable certificate, invalid configuration).
 * The message is the one line printed before the process exits non-zero.
 */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
