package dev.estuary.server.cli;

/** A management command failed for a reason the user can fix; the message is printed and the exit code is 1. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
