package dev.estuary.adapter.lwm2m.command;

/** Delivers the one answer of a command to whoever sent it, in the shape that requester expects. */
@FunctionalInterface
public interface Responder {
    void answer(Outcome outcome);
}
