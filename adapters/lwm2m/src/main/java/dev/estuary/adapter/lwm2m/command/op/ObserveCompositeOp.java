package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ObserveCompositeRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;

/** LwM2M 1.1 Observe-Composite: {@code {"op":"observe-composite","paths":["/3/0/9","/3303/0/5700"]}}. */
public final class ObserveCompositeOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        ReadCompositeOp.requireComposite(c, t);
        ContentFormat f = ReadCompositeOp.compositeFormat(c);
        try {
            return new ObserveCompositeRequest(f, f, c.paths(), null);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("cannot observe " + c.target() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        ObserveCompositeResponse r = (ObserveCompositeResponse) response;
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        return r.isSuccess() && r.getContent() != null
                ? o.withValues(NodeJson.leaves(r.getContent()), false).asObservation() : o;
    }
}
