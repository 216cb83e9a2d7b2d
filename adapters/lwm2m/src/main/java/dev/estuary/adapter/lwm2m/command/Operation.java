package dev.estuary.adapter.lwm2m.command;

import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * One command operation: builds the LwM2M request from a command, and reads the device's response into an
 * {@link Outcome}. Implementations are stateless.
 */
public interface Operation {
    /**
     * The request to send.
     *
     * @throws CommandException when the command lacks or misuses something (named in the message)
     */
    DownlinkRequest<? extends LwM2mResponse> request(Command command, Target target) throws CommandException;

    /** The outcome of a response; by default its code and error message only. */
    default Outcome outcome(Command command, LwM2mResponse response, Target target) {
        return Outcome.answered(command, response.getCode(), response.getErrorMessage());
    }

    /** Called when the request failed without an answer (timeout, unreachable, expired). */
    default void failed(Command command, Target target) {
    }
}
