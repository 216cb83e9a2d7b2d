package dev.estuary.core.spi;

/** A payload a codec cannot decode or an object it cannot encode; the message says what is wrong. */
public class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
