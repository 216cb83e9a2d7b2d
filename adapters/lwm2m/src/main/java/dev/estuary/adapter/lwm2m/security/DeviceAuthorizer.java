package dev.estuary.adapter.lwm2m.security;

import dev.estuary.adapter.lwm2m.device.Lifecycle;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.SecurityChecker;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an endpoint may register, update or de-register: first Leshan's check that the DTLS identity
 * matches the endpoint's stored credential (an endpoint with a credential must use it; an unknown secure identity is
 * refused), then — for a REGISTER, or an update from an endpoint whose device session was closed — the broker's
 * own authentication and authorization of the endpoint's device session. Refusals are answered 4.03 by Leshan.
 */
public final class DeviceAuthorizer implements Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthorizer.class);

    private final SecurityStore store;
    private final SecurityChecker checker = new SecurityChecker();
    private final Lifecycle lifecycle;

    public DeviceAuthorizer(SecurityStore store, Lifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    @Override
    public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender) {
        String endpoint = registration.getEndpoint();
        SecurityInfo expected;
        try {
            expected = store.getByEndpoint(endpoint);
        } catch (RuntimeException e) {
            return Authorization.declined(); // the store failed: fail closed (logged by the store)
        }
        if (!checker.checkSecurityInfo(endpoint, sender, expected)) {
            LOG.info("LwM2M endpoint {} refused: its credentials do not match ({} from {})", endpoint,
                    expected == null ? "no credential stored, secure identity presented" : "stored credential",
                    sender);
            return Authorization.declined();
        }
        boolean needsSession = request instanceof RegisterRequest
                || request instanceof UpdateRequest && !lifecycle.hasOpenSession(endpoint);
        if (needsSession && !lifecycle.admit(registration, sender)) {
            return Authorization.declined();
        }
        return Authorization.approved();
    }
}
