package dev.estuary.adapter.lwm2m.command.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.CommandParser;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Target;
import dev.estuary.adapter.lwm2m.command.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.WriteCompositeRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * LwM2M 1.1 Write-Composite, to resources of several instances or objects at once:
 * {@code {"op":"write-composite","values":{"/3303/0/5750":"kitchen","/3303/1/5750":"hall"}}}.
 */
public final class WriteCompositeOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        ReadCompositeOp.requireComposite(c, t);
        Values values = new Values(t.model(), Values.type(c.member("type")));
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        java.util.Iterator<Map.Entry<String, JsonNode>> it = c.member("values").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            LwM2mPath p = CommandParser.parsePath(e.getKey());
            if (!p.isResource() && !p.isResourceInstance()) {
                throw new CommandException("write-composite writes resources or resource instances (was " + p + ")");
            }
            JsonNode v = e.getValue();
            boolean multi = v.isObject();
            nodes.put(p, values.node(p, multi ? MissingNode.getInstance() : v, multi ? v : MissingNode.getInstance()));
        }
        try {
            return new WriteCompositeRequest(ReadCompositeOp.compositeFormat(c), nodes, null);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("cannot write " + c.target() + ": " + e.getMessage());
        }
    }
}
