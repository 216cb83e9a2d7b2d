package dev.estuary.adapter.lwm2m.command.op;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Target;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.CancelObservationRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;

/**
 * {@code {"op":"cancel-observe","path":"/3303/0/5700"}}: actively cancels an observation (RFC 7641 §3.6, a GET with
 * Observe=1) and forgets it, so no more notifications are published.
 */
public final class CancelObserveOp implements Operation {
    @Override
    public DownlinkRequest<? extends LwM2mResponse> request(Command c, Target t) throws CommandException {
        return new CancelObservationRequest(find(c, t));
    }

    @Override
    public Outcome outcome(Command c, LwM2mResponse response, Target t) {
        forget(c, t);
        return ReadOp.content(c, (ObserveResponse) response);
    }

    @Override
    public void failed(Command c, Target t) {
        forget(c, t);
    }

    /** Forgets the observation without telling the device (its next notification is answered with a reset). */
    public static int forget(Command c, Target t) {
        return t.observations().cancelObservations(t.registration(), c.path().toString());
    }

    private static SingleObservation find(Command c, Target t) throws CommandException {
        for (Observation o : t.observations().getObservations(t.registration())) {
            if (o instanceof SingleObservation s && s.getPath().equals(c.path())) {
                return s;
            }
        }
        throw new CommandException("no observation of " + c.path() + " (observe it first)");
    }
}
