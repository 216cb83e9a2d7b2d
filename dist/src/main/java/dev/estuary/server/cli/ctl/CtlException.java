package dev.estuary.server.cli.ctl;

/** {@code estuary ctl} could not do what was asked; the message is printed and the exit code is 5. */
final class CtlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CtlException(String message) {
        super(message);
    }
}
