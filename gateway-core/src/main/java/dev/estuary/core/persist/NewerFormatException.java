package dev.estuary.core.persist;

import dev.estuary.core.StartupException;

/**
 * A durable file was written by a newer Estuary than this one. Recovery refuses to guess at records it does not
 * know and stops startup with this message instead of dropping the state.
 */
public final class NewerFormatException extends StartupException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(String message) {
        super(message);
    }
}
