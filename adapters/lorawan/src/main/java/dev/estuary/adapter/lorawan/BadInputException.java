package dev.estuary.adapter.lorawan;

/** Input a network server or gateway sent that cannot be used; the message says why (it is sent back over HTTP). */
public class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
