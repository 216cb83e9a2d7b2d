package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import dev.estuary.adapter.lwm2m.command.Values;
import java.util.List;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * LwM2M Create: {@code {"op":"create","path":"/3303","values":{"5750":"garage"}}} (the device picks the instance
 * id) or {@code "path":"/3303/7"} for instance 7. The answer carries the new instance's {@code location}.
 */
public final class CreateOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        LwM2mPath p = c.path();
        if (!p.isObject() && !p.isObjectInstance()) {
            throw new CommandException("create needs an object path like /3303 or /3303/7 (was " + p + ")");
        }
        if (!c.member("values").isObject()) {
            throw new CommandException("create needs \"values\": {\"resourceId\": value, ...} (may be {})");
        }
        Values values = new Values(t.model(), Values.type(c.member("type")));
        LwM2mPath instancePath = p.isObjectInstance() ? p : p.append(0);
        List<LwM2mResource> resources = values.resources(instancePath, c.member("values"));
        String object = "/" + p.getObjectId();
        try {
            if (p.isObjectInstance()) {
                return new CreateRequest(c.format(), object, new LwM2mObjectInstance(p.getObjectInstanceId(),
                        resources));
            }
            return new CreateRequest(c.format(), object, resources);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("cannot create in " + p + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        CreateResponse r = (CreateResponse) response;
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        if (r.isSuccess()) {
            String location = r.getLocation() != null ? r.getLocation() : c.path().isObjectInstance()
                    ? c.path().toString() : null;
            return o.withLocation(location);
        }
        return o;
    }
}
