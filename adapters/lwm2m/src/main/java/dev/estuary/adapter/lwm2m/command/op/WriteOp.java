package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Target;
import dev.estuary.adapter.lwm2m.command.Values;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * LwM2M Write, typed by the device's object model:
 * <ul>
 *   <li>{@code {"op":"write","path":"/3/0/14","value":"+02"}} — one resource;</li>
 *   <li>{@code {"op":"write","path":"/3/0/7","values":{"0":3800,"1":5000}}} — a multi-instance resource;</li>
 *   <li>{@code {"op":"write","path":"/3303/0","mode":"update","values":{"5750":"kitchen","5821":1.5}}} — several
 *       resources of an instance ({@code "mode"}: {@code replace} (default) or {@code update}, a partial update).</li>
 * </ul>
 * {@code "type"} types resources the model does not know.
 */
public final class WriteOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        Mode mode = mode(c);
        Values values = new Values(t.model(), Values.type(c.member("type")));
        LwM2mNode node = values.node(c.path(), c.member("value"), c.member("values"));
        try {
            return new WriteRequest(mode, c.format(), c.path(), node, null);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("cannot write " + c.path() + ": " + e.getMessage());
        }
    }

    private static Mode mode(Command c) throws CommandException {
        String m = c.member("mode").asText("replace");
        switch (m) {
            case "replace":
                return Mode.REPLACE;
            case "update":
                return Mode.UPDATE;
            default:
                throw new CommandException("unknown write mode '" + m + "' (use replace or update)");
        }
    }
}
