package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/** {@code {"op":"read","path":"/3/0/0"[,"format":"TLV"]}}: LwM2M Read (Device Management interface). */
public final class ReadOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) {
        return new ReadRequest(c.format(), c.path(), null);
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        return content(c, (ReadResponse) response);
    }

    /** A read-like response's content as an outcome (also used by observe and cancel-observe). */
    static Outcome content(Command c, ReadResponse r) {
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        if (!r.isSuccess() || r.getContent() == null) {
            return o;
        }
        return o.withValues(NodeJson.leaves(c.path(), r.getContent()), NodeJson.isSingleValue(r.getContent()));
    }
}
