package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadCompositeRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadCompositeResponse;

/**
 * LwM2M 1.1 Read-Composite: {@code {"op":"read-composite","paths":["/3/0/0","/3303/0/5700"]}}; SenML CBOR unless
 * {@code "format"} says SENML_JSON.
 */
public final class ReadCompositeOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        requireComposite(c, t);
        ContentFormat f = compositeFormat(c);
        try {
            return new ReadCompositeRequest(c.paths(), f, f, null);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("cannot read " + c.target() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        ReadCompositeResponse r = (ReadCompositeResponse) response;
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        return r.isSuccess() && r.getContent() != null ? o.withValues(NodeJson.leaves(r.getContent()), false) : o;
    }

    /** The format of composite requests: the command's, or SenML CBOR. */
    static ContentFormat compositeFormat(Command c) throws CommandException {
        ContentFormat f = c.format() == null ? ContentFormat.SENML_CBOR : c.format();
        if (!f.equals(ContentFormat.SENML_CBOR) && !f.equals(ContentFormat.SENML_JSON)) {
            throw new CommandException(c.op().label() + " needs format SENML_CBOR or SENML_JSON (was " + f.getName()
                    + ")");
        }
        return f;
    }

    /** Composite operations exist from LwM2M 1.1 on. */
    static void requireComposite(Command c, Target t) throws CommandException {
        LwM2mVersion v = t.registration().getLwM2mVersion();
        if (v != null && !v.newerThan(LwM2mVersion.V1_0)) {
            throw new CommandException(c.op().label() + " needs LwM2M 1.1; the device registered with " + v);
        }
    }
}
