package dev.estuary.core.persist;

import dev.estuary.core.StartupException;

/** The durable state folder cannot be used (permissions, disk full, I/O error); the message says which and why. */
public final class DurableStoreException extends StartupException {
    private static final long serialVersionUID = 1L;

    DurableStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
