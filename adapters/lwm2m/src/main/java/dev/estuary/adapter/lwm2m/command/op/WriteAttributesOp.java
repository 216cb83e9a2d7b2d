package dev.estuary.adapter.lwm2m.command.op;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Target;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.leshan.core.link.attributes.InvalidAttributeException;
import org.eclipse.leshan.core.link.lwm2m.attributes.DefaultLwM2mAttributeParser;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * LwM2M Write-Attributes: {@code {"op":"write-attributes","path":"/3303/0/5700","attributes":{"pmin":5,"pmax":60,
 * "gt":30,"lt":10,"st":0.5}}}; {@code null} removes an attribute ({@code "pmin":null}).
 */
public final class WriteAttributesOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        JsonNode attrs = c.member("attributes");
        if (!attrs.isObject() || attrs.isEmpty()) {
            throw new CommandException("write-attributes needs \"attributes\": {\"pmin\":5,\"pmax\":60,...}");
        }
        StringBuilder query = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = attrs.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().matches("[a-z]{1,8}")) {
                throw new CommandException("bad attribute name '" + e.getKey() + "' (use pmin, pmax, gt, lt, st, "
                        + "epmin, epmax, edge)");
            }
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isNumber()) {
                throw new CommandException("attribute " + e.getKey() + " must be a number or null (was " + v + ")");
            }
            query.append(query.length() == 0 ? "" : "&").append(e.getKey());
            if (!v.isNull()) {
                query.append('=').append(v.isIntegralNumber() ? v.asText() : String.valueOf(v.asDouble()));
            }
        }
        try {
            LwM2mAttributeSet set = new LwM2mAttributeSet(new DefaultLwM2mAttributeParser()
                    .parseUriQuery(query.toString()));
            return new WriteAttributesRequest(c.path(), set);
        } catch (InvalidAttributeException | InvalidRequestException | IllegalArgumentException e) {
            throw new CommandException("bad attributes for " + c.path() + ": " + e.getMessage());
        }
    }
}
