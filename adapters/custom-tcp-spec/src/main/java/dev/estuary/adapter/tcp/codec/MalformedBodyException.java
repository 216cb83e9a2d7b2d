package dev.estuary.adapter.tcp.codec;

/** A body that does not match its frame type's layout (spec §3.7); turned into a decode failure value. */
final class MalformedBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message) {
        super(message, null, false, false);
    }
}
