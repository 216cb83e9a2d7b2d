package dev.estuary.adapter.lwm2m.device;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.AdapterMetrics;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceMessageHandler;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.DeviceSession;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.server.queue.PresenceListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration lifecycle of every endpoint, mapped to device sessions and topics:
 * <ul>
 *   <li>a registration is admitted only when the broker accepts the endpoint's device session
 *       ({@link #admit}, called by the authorizer while Leshan handles the REGISTER);</li>
 *   <li>registered → {@code events/registered}, status online with the registration details;</li>
 *   <li>updated → {@code events/updated}, status details refreshed, queued commands sent;</li>
 *   <li>de-registered or expired → {@code events/deregistered} with the reason, status offline with that reason;</li>
 *   <li>a device session closed by the broker (kicked, banned) removes the registration, so the device must
 *       register — and be authenticated — again.</li>
 * </ul>
 */
public final class Lifecycle implements RegistrationListener, PresenceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** What else wants to know about registrations (auto-observe, EMQX mode). */
    public interface Listener {
        void registered(Endpoint ep);

        default void updated(Endpoint ep) {
        }
    }

    private final AdapterContext context;
    private final Duration authTimeout;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AdapterMetrics.Counter registrations;
    private final AdapterMetrics.Counter updates;
    private final AdapterMetrics.Counter deregistrations;
    private final AdapterMetrics.Counter refused;
    private volatile CommandRunner runner;
    private volatile DeviceMessageHandler commands;
    private volatile Consumer<Registration> evict = r -> { };

    public Lifecycle(AdapterContext context, Duration authTimeout) {
        this.context = context;
        this.authTimeout = authTimeout;
        AdapterMetrics m = context.metrics();
        this.registrations = m.counter("registrations", "LwM2M registrations accepted");
        this.updates = m.counter("registration_updates", "LwM2M registration updates");
        this.deregistrations = m.counter("deregistrations", "LwM2M de-registrations and expiries");
        this.refused = m.counter("registrations_refused", "Registrations refused because the broker refused the device");
        m.gauge("endpoints", "Registered LwM2M endpoints", () -> endpoints.values().stream()
                .filter(e -> e.registration() != null).count());
    }

    /**
     * Wires the parts created after this one.
     *
     * @param runner   sends commands
     * @param commands handles an endpoint's downlinks ({@code devices/lwm2m/{ep}/down})
     * @param evict    forgets a registration in Leshan's store (its device session was closed by the broker)
     */
    public void wire(CommandRunner runner, DeviceMessageHandler commands, Consumer<Registration> evict) {
        this.runner = runner;
        this.commands = commands;
        this.evict = evict;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The endpoint of that name, if the gateway knows it (admitted or registered). */
    public Endpoint endpoint(String name) {
        return endpoints.get(name);
    }

    /** Every known endpoint. */
    public Collection<Endpoint> endpoints() {
        return endpoints.values();
    }

    /**
     * Opens the device session of an endpoint that registers (or updates without a live session), waiting at most
     * the auth timeout for the broker. Called on a Leshan thread.
     *
     * @return false when the broker refused the device or did not answer in time
     */
    public boolean admit(Registration reg, LwM2mPeer sender) {
        String name = reg.getEndpoint();
        Endpoint ep = endpoints.computeIfAbsent(name, Endpoint::new);
        ep.admissionStarted();
        try {
            return admit(reg, sender, name, ep);
        } finally {
            ep.admissionEnded();
        }
    }

    private boolean admit(Registration reg, LwM2mPeer sender, String name, Endpoint ep) {
        DeviceLogin.Builder login = DeviceLogin.builder(name).protocol("lwm2m " + details(reg).get("lwm2mVersion"))
                .username(RegistrationDetails.username(sender)).remoteAddress(RegistrationDetails.address(sender));
        RegistrationDetails.of(reg).forEach(login::detail);
        String security = RegistrationDetails.security(sender);
        if (!security.equals("none")) {
            // Leshan's security store checked this endpoint's DTLS credentials in the handshake
            login.transportAuthenticated("dtls-" + security);
        }
        CompletableFuture<DeviceSession> opening = context.openDevice(login.build()).toCompletableFuture();
        DeviceSession s;
        try {
            s = opening.get(authTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable why = e.getCause();
            if (why instanceof DeviceRefusedException r) {
                LOG.info("registration of LwM2M endpoint {} from {} refused: {} ({})", name, sender, r.getMessage(),
                        r.reason());
            } else {
                LOG.warn("registration of LwM2M endpoint {} failed: {}", name, String.valueOf(why));
            }
            refusedOrLate(name, ep);
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("registration of LwM2M endpoint {} refused: the broker did not accept its session within {}",
                    name, authTimeout);
            opening.thenAccept(late -> late.close("registration timed out"));
            refusedOrLate(name, ep);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(late -> late.close("interrupted"));
            return false;
        }
        ep.session(s);
        s.onClosed(reason -> sessionClosed(ep, s, reason));
        return true;
    }

    private void refusedOrLate(String name, Endpoint ep) {
        refused.increment();
        DeviceSession old = ep.session();
        if (old != null && !old.isOpen() && endpoints.get(name) == ep) {
            // the previous session closed while this registration was admitted, and the new one failed
            forget(ep, "device session closed while a new registration was refused");
        } else if (ep.registration() == null && old == null) {
            endpoints.remove(name, ep);
        }
    }

    private static Map<String, Object> details(Registration reg) {
        return RegistrationDetails.of(reg);
    }

    /** True when the endpoint has a live device session (updates from it need no new admission). */
    public boolean hasOpenSession(String name) {
        Endpoint ep = endpoints.get(name);
        return ep != null && ep.session() != null && ep.session().isOpen();
    }

    private void sessionClosed(Endpoint ep, DeviceSession s, String reason) {
        if (ep.session() != s || endpoints.get(ep.name()) != ep) {
            return; // replaced by a newer session, or closed by the adapter itself
        }
        if (ep.admitting()) {
            // the endpoint registers again (a reboot without de-registration): its new session took this one over
            LOG.debug("device session of LwM2M endpoint {} replaced by its new registration's ({})", ep.name(),
                    reason);
            return;
        }
        LOG.info("device session of LwM2M endpoint {} closed by the gateway ({}): its registration is removed",
                ep.name(), reason);
        forget(ep, "device session closed: " + reason);
    }

    /** Forgets an endpoint whose device session ended: its registration is removed, its queued commands fail. */
    private void forget(Endpoint ep, String why) {
        Registration reg = ep.registration();
        endpoints.remove(ep.name(), ep);
        if (reg != null) {
            evict.accept(reg);
        }
        CommandRunner r = runner;
        if (r != null) {
            r.abandon(ep, why);
        }
    }

    @Override
    public void registered(Registration reg, Registration previousReg, Collection<Observation> previousObservations) {
        Endpoint ep = endpoints.get(reg.getEndpoint());
        DeviceSession s = ep == null ? null : ep.session();
        if (s == null) {
            LOG.error("LwM2M endpoint {} registered without a device session; removing the registration",
                    reg.getEndpoint());
            evict.accept(reg);
            return;
        }
        registrations.increment();
        ep.registration(reg);
        s.onDownlink(commands);
        Map<String, Object> body = new LinkedHashMap<>(RegistrationDetails.of(reg));
        if (previousReg != null) {
            body.put("previousRegistrationId", previousReg.getId());
        }
        s.event("registered", body);
        LOG.debug("LwM2M endpoint {} registered ({})", reg.getEndpoint(), reg.getId());
        for (Listener l : listeners) {
            try {
                l.registered(ep);
            } catch (RuntimeException e) {
                LOG.error("registration listener failed for {}: {}", reg.getEndpoint(), e.toString(), e);
            }
        }
        runner.flush(ep);
    }

    @Override
    public void updated(RegistrationUpdate update, Registration reg, Registration previousReg) {
        Endpoint ep = endpoints.get(reg.getEndpoint());
        if (ep == null || ep.session() == null) {
            return;
        }
        updates.increment();
        ep.registration(reg);
        Map<String, Object> details = RegistrationDetails.of(reg);
        ep.session().status(details);
        ep.session().event("updated", details);
        for (Listener l : listeners) {
            try {
                l.updated(ep);
            } catch (RuntimeException e) {
                LOG.error("registration listener failed for {}: {}", reg.getEndpoint(), e.toString(), e);
            }
        }
        runner.flush(ep);
    }

    @Override
    public void unregistered(Registration reg, Collection<Observation> observations, boolean expired,
                             Registration newReg) {
        if (newReg != null) {
            return; // re-registration: registered() follows with the new registration
        }
        Endpoint ep = endpoints.get(reg.getEndpoint());
        if (ep == null || ep.registration() == null || !ep.registration().getId().equals(reg.getId())) {
            return;
        }
        deregistrations.increment();
        endpoints.remove(ep.name(), ep);
        String reason = expired ? "registration expired" : "deregistered";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("endpoint", reg.getEndpoint());
        body.put("registrationId", reg.getId());
        body.put("reason", reason);
        DeviceSession s = ep.session();
        s.event("deregistered", body);
        runner.abandon(ep, "endpoint " + ep.name() + ": " + reason);
        s.close(reason);
        LOG.debug("LwM2M endpoint {} {}", reg.getEndpoint(), reason);
    }

    @Override
    public void onAwake(Registration reg) {
        Endpoint ep = current(reg);
        if (ep != null) {
            ep.session().event("awake", Map.of("endpoint", reg.getEndpoint(), "queued", ep.queued()));
            runner.flush(ep);
        }
    }

    @Override
    public void onSleeping(Registration reg) {
        Endpoint ep = current(reg);
        if (ep != null) {
            ep.session().event("sleeping", Map.of("endpoint", reg.getEndpoint()));
        }
    }

    private Endpoint current(Registration reg) {
        Endpoint ep = endpoints.get(reg.getEndpoint());
        Registration r = ep == null ? null : ep.registration();
        return r != null && r.getId().equals(reg.getId()) && ep.session() != null ? ep : null;
    }

    /** Closes every device session (the adapter stops). */
    public void closeAll(String reason) {
        for (Endpoint ep : List.copyOf(endpoints.values())) {
            endpoints.remove(ep.name(), ep);
            CommandRunner r = runner;
            if (r != null) {
                r.abandon(ep, "gateway stopping");
            }
            DeviceSession s = ep.session();
            if (s != null) {
                s.close(reason);
            }
        }
    }
}
