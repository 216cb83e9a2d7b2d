package dev.estuary.core.store;

/**
 * A database operation failed (I/O error, corrupt file, constraint the caller did not expect). The message says
 * what was being done; the cause is the driver's exception.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
