package dev.estuary.adapter.lwm2m.command.op;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Target;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * LwM2M Execute: {@code {"op":"execute","path":"/3/0/4"}}, with arguments either in LwM2M's text form
 * ({@code "args":"0='v',1"}) or as an object of digit to value ({@code "args":{"0":"v","1":null}}).
 */
public final class ExecuteOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        if (!c.path().isResource()) {
            throw new CommandException("execute needs a resource path like /3/0/4 (was " + c.path() + ")");
        }
        String args = args(c.member("args"));
        try {
            return new ExecuteRequest(c.path().toString(), args);
        } catch (InvalidRequestException e) {
            throw new CommandException("bad \"args\" for " + c.path() + ": " + e.getMessage());
        }
    }

    private static String args(JsonNode n) throws CommandException {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText().isEmpty() ? null : n.asText();
        }
        if (!n.isObject()) {
            throw new CommandException("\"args\" must be text like \"0='v',1\" or an object like {\"0\":\"v\"}");
        }
        StringBuilder sb = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().matches("[0-9]")) {
                throw new CommandException("execute argument names are digits 0-9 (was '" + e.getKey() + "')");
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey());
            if (!e.getValue().isNull()) {
                if (e.getValue().isContainerNode() || e.getValue().asText().contains("'")) {
                    throw new CommandException("execute argument " + e.getKey() + " must be text without quotes");
                }
                sb.append("='").append(e.getValue().asText()).append('\'');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
