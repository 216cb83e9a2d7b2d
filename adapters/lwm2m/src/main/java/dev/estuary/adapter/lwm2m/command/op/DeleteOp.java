package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;

/** {@code {"op":"delete","path":"/3303/1"}}: LwM2M Delete of an object instance. */
public final class DeleteOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        if (!c.path().isObjectInstance()) {
            throw new CommandException("delete needs an object instance path like /3303/1 (was " + c.path() + ")");
        }
        return new DeleteRequest(c.path());
    }
}
