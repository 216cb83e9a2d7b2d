package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.exception.InvalidRequestException;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;

/** {@code {"op":"discover","path":"/3"}}: LwM2M Discover; the answer lists links like {@code "</3/0/1>;pmin=10"}. */
public final class DiscoverOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        try {
            return new DiscoverRequest(c.path().toString());
        } catch (InvalidRequestException e) {
            throw new CommandException("cannot discover " + c.path() + ": " + e.getMessage());
        }
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        DiscoverResponse r = (DiscoverResponse) response;
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        if (!r.isSuccess() || r.getObjectLinks() == null) {
            return o;
        }
        DefaultLinkSerializer serializer = new DefaultLinkSerializer();
        List<String> links = new ArrayList<>();
        for (Link l : r.getObjectLinks()) {
            links.add(serializer.serializeCoreLinkFormat(l));
        }
        return o.withLinks(links);
    }
}
