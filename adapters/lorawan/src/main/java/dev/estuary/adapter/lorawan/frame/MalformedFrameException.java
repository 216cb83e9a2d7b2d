package dev.estuary.adapter.lorawan.frame;

/** A PHYPayload that does not follow the LoRaWAN frame format; the message says which rule it breaks. */
public class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
