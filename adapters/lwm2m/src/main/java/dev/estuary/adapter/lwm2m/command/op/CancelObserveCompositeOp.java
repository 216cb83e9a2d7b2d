package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import java.util.HashSet;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.CancelCompositeObservationRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;

/** Cancels a composite observation with the same set of paths: {@code {"op":"cancel-observe-composite","paths":[...]}}. */
public final class CancelObserveCompositeOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        return new CancelCompositeObservationRequest(find(c, t));
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        forget(c, t);
        ObserveCompositeResponse r = (ObserveCompositeResponse) response;
        Outcome o = Outcome.answered(c, r.getCode(), r.getErrorMessage());
        return r.isSuccess() && r.getContent() != null ? o.withValues(NodeJson.leaves(r.getContent()), false) : o;
    }

    @Override
    public void failed(Command c, Target t) {
        forget(c, t);
    }

    private static void forget(Command c, Target t) {
        t.observations().cancelCompositeObservations(t.registration(),
                c.paths().stream().map(Object::toString).toArray(String[]::new));
    }

    private static CompositeObservation find(Command c, Target t) throws CommandException {
        for (Observation o : t.observations().getObservations(t.registration())) {
            if (o instanceof CompositeObservation co
                    && new HashSet<>(co.getPaths()).equals(new HashSet<>(c.paths()))) {
                return co;
            }
        }
        throw new CommandException("no composite observation of " + c.target() + " (observe-composite it first)");
    }
}
