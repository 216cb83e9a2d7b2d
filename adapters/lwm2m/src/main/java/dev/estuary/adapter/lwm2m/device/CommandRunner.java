package dev.estuary.adapter.lwm2m.device;

import dev.estuary.adapter.lwm2m.Lwm2mConfig;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.Operation;
import dev.estuary.adapter.lwm2m.command.Operations;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.adapter.lwm2m.command.Responder;
import dev.estuary.adapter.lwm2m.command.Target;
import dev.estuary.core.spi.AdapterMetrics;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.InvalidResponseException;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.request.exception.RequestRejectedException;
import org.eclipse.leshan.core.request.exception.SendFailedException;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.request.exception.UnconnectedPeerException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.queue.PresenceService;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries commands to devices and answers each exactly once. A command for a queue-mode device that sleeps waits in
 * the endpoint's bounded queue until the device wakes ({@link #flush}) or the queue expiry answers it with an error.
 * Timeouts, unreachable devices and invalid responses are answered with an error, never with silence.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final LeshanServer server;
    private final ScheduledExecutorService scheduler;
    private final Lwm2mConfig.Queue queue;
    private final BiConsumer<Endpoint, Outcome> observed;
    private final AdapterMetrics.Counter commands;
    private final AdapterMetrics.Counter failures;
    private final AdapterMetrics.Counter expired;

    /**
     * @param observed called with every successful observe outcome (its values are published as uplinks)
     */
    public CommandRunner(LeshanServer server, ScheduledExecutorService scheduler, Lwm2mConfig.Queue queue,
                         AdapterMetrics metrics, BiConsumer<Endpoint, Outcome> observed) {
        this.server = server;
        this.scheduler = scheduler;
        this.queue = queue;
        this.observed = observed;
        this.commands = metrics.counter("commands", "Commands received from MQTT");
        this.failures = metrics.counter("command_failures", "Commands answered with an error");
        this.expired = metrics.counter("commands_expired", "Queued commands that expired before the device woke");
    }

    /** Builds the request of a command for an endpoint and sends or queues it. */
    public void run(Endpoint ep, Command c, Responder responder) {
        commands.increment();
        Registration reg = ep.registration();
        if (reg == null) {
            answer(new PendingCommand(c, null, null, responder), Outcome.failed(c, "endpoint " + ep.name()
                    + " is not registered"));
            return;
        }
        Operation op = Operations.of(c.op());
        DownlinkRequest<? extends LwM2mResponse> request;
        try {
            request = op.request(c, target(reg));
        } catch (CommandException e) {
            answer(new PendingCommand(c, op, null, responder), Outcome.failed(c, e.getMessage()));
            return;
        }
        send(ep, new PendingCommand(c, op, request, responder));
    }

    private Target target(Registration reg) {
        return new Target(reg, server.getModelProvider().getObjectModel(reg), server.getObservationService());
    }

    /** Sends; false when the device sleeps (the command is then not answered and not sent). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean trySend(Endpoint ep, PendingCommand p) {
        Registration reg = ep.registration();
        if (reg == null) {
            answer(p, Outcome.failed(p.command, "endpoint " + ep.name() + " is not registered any more"));
            return true;
        }
        Target t = target(reg);
        Duration timeout = p.command.timeout();
        try {
            server.send(reg, (DownlinkRequest) p.request, timeout.toMillis(),
                    response -> answer(p, outcome(p, (LwM2mResponse) response, t, ep)),
                    error -> {
                        p.operation.failed(p.command, t);
                        answer(p, Outcome.failed(p.command, describe(error, timeout)));
                    });
            return true;
        } catch (ClientSleepingException sleeping) {
            return false;
        } catch (RuntimeException e) {
            LOG.debug("command {} to {} could not be sent: {}", p.command.op().label(), ep.name(), e.toString());
            answer(p, Outcome.failed(p.command, "cannot send: " + e.getMessage()));
            return true;
        }
    }

    private Outcome outcome(PendingCommand p, LwM2mResponse response, Target t, Endpoint ep) {
        Outcome o;
        try {
            o = p.operation.outcome(p.command, response, t);
        } catch (RuntimeException e) {
            LOG.error("could not read the {} response of {}: {}", p.command.op().label(), ep.name(), e.toString(), e);
            return Outcome.failed(p.command, "internal error reading the response: " + e);
        }
        if (o.ok() && o.observing()) {
            observed.accept(ep, o);
        }
        return o;
    }

    private void send(Endpoint ep, PendingCommand p) {
        if (trySend(ep, p)) {
            return;
        }
        if (!ep.enqueue(p, queue.maxCommands())) {
            answer(p, Outcome.failed(p.command, "queue full: " + queue.maxCommands() + " commands already wait for "
                    + ep.name() + " to wake up"));
            return;
        }
        p.expiry = scheduler.schedule(() -> expire(ep, p), queue.expiry().toMillis(), TimeUnit.MILLISECONDS);
        LOG.debug("{} sleeps: {} queued ({} waiting)", ep.name(), p.command.op().label(), ep.queued());
        Registration reg = ep.registration();
        PresenceService presence = server.getPresenceService();
        if (reg != null && presence != null && presence.isClientAwake(reg)) {
            flush(ep);
        }
    }

    private void expire(Endpoint ep, PendingCommand p) {
        if (ep.remove(p)) {
            expired.increment();
            answer(p, Outcome.failed(p.command, "expired: " + ep.name() + " did not wake up within "
                    + queue.expiry().toSeconds() + "s (queue mode)"));
        }
    }

    /** Sends the commands queued for an endpoint that just woke up, in order. */
    public void flush(Endpoint ep) {
        PendingCommand p;
        while ((p = ep.poll()) != null) {
            ScheduledFuture<?> timer = p.expiry;
            if (!trySend(ep, p)) {
                ep.requeueFirst(p);
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Answers every queued command of an endpoint that left with an error. */
    public void abandon(Endpoint ep, String why) {
        for (PendingCommand p : ep.drain()) {
            answer(p, Outcome.failed(p.command, why));
        }
    }

    private void answer(PendingCommand p, Outcome o) {
        if (!p.claim()) {
            return;
        }
        if (!o.ok()) {
            failures.increment();
        }
        try {
            p.responder.answer(o);
        } catch (RuntimeException e) {
            LOG.error("could not answer command {}: {}", p.command == null ? "?" : p.command.op().label(),
                    e.toString(), e);
        }
    }

    /** A request failure in words for the requester. */
    static String describe(Exception e, Duration timeout) {
        if (e instanceof TimeoutException) {
            return "timeout: no answer from the device within " + seconds(timeout);
        }
        if (e instanceof UnconnectedPeerException) {
            return "unreachable: no DTLS session with the device (it must connect again)";
        }
        if (e instanceof RequestCanceledException) {
            return "cancelled: " + e.getMessage();
        }
        if (e instanceof RequestRejectedException) {
            return "rejected by the device (CoAP reset): " + e.getMessage();
        }
        if (e instanceof InvalidResponseException) {
            return "invalid response from the device: " + e.getMessage();
        }
        if (e instanceof SendFailedException) {
            return "unreachable: could not send to the device: " + e.getMessage();
        }
        return "failed: " + e;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
