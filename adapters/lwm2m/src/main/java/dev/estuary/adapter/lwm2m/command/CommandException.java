package dev.estuary.adapter.lwm2m.command;

/** A command that cannot be carried out as written; the message says what is wrong, for the requester. */
public class CommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }
}
