package dev.estuary.adapter.lwm2m.device;

import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Responder;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * A command on its way to a device: its request, who to answer, and (while queued) its expiry timer. It is
 * answered exactly once ({@link #claim()}).
 */
final class PendingCommand {
    final Command command;
    final Operation operation;
    final DownlinkRequest<? extends LwM2mResponse> request;
    final Responder responder;
    volatile ScheduledFuture<?> expiry;
    private final AtomicBoolean answered = new AtomicBoolean();

    PendingCommand(Command command, Operation operation, DownlinkRequest<? extends LwM2mResponse> request,
                   Responder responder) {
        this.command = command;
        this.operation = operation;
        this.request = request;
        this.responder = responder;
    }

    /** True the first time only: the caller then answers. */
    boolean claim() {
        ScheduledFuture<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
        return answered.compareAndSet(false, true);
    }
}
