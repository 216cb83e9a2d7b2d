package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;

/**
 * {@code {"op":"observe","path":"/3303/0/5700"}}: LwM2M Observe. The answer carries the current value; later
 * notifications become uplinks on {@code up/{object}/{instance}/{resource}}.
 */
public final class ObserveOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        try {
            return new ObserveRequest(c.format(), c.path(), null);
        } catch (InvalidRequestException e) {
            throw new CommandException("cannot observe " + c.path() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        Outcome o = ReadOp.content(c, (ObserveResponse) response);
        return o.ok() ? o.asObservation() : o;
    }
}
