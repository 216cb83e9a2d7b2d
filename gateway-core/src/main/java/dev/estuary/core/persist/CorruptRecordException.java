package dev.estuary.core.persist;

/** A frame passed its checksum but its records do not decode: recovery stops there, as for a damaged frame. */
final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message);
    }
}
