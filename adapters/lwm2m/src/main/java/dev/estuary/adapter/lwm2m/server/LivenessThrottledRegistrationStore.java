package dev.estuary.adapter.lwm2m.server;

import java.util.function.LongSupplier;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;

/**
 * Leshan's in-memory registration store, without rewriting a registration for every notification. The server
 * counts each notification (and Send) as a sign of life ({@code setUpdateRegistrationOnNotification}), which Leshan
 * does with a full registration update: a new {@link Registration} built under the store's write lock and put into
 * four maps, 17% of the gateway's CPU under {@code bench/} {@code lwm2m-up}. An update that only says "alive, from
 * the same peer" within {@link #LIVENESS_GRANULARITY_MS} of the last one changes nothing that matters — lifetimes
 * are whole seconds (and at least {@link #MIN_LIFETIME_S} here) — so it returns the registration as it is. Every
 * other update (new lifetime, links, binding, a new address after NAT rebinding, ...) goes to Leshan unchanged.
 */
final class LivenessThrottledRegistrationStore extends InMemoryRegistrationStore {
    static final long LIVENESS_GRANULARITY_MS = 1000;
    /** Registrations with shorter lifetimes are always updated: a second would be a noticeable part of them. */
    static final long MIN_LIFETIME_S = 60;

    private final LongSupplier clock;

    LivenessThrottledRegistrationStore(long cleanPeriodInSec, LongSupplier clock) {
        super(cleanPeriodInSec);
        this.clock = clock;
    }

    @Override
    public UpdatedRegistration updateRegistration(RegistrationUpdate update) {
        if (livenessOnly(update)) {
            Registration current = getRegistration(update.getRegistrationId());
            if (current != null && current.getLifeTimeInSec() >= MIN_LIFETIME_S
                    && current.getClientTransportData().equals(update.getClientTransportData())
                    && clock.getAsLong() - current.getLastUpdate().getTime() < LIVENESS_GRANULARITY_MS) {
                return new UpdatedRegistration(current, current);
            }
        }
        return super.updateRegistration(update);
    }

    private static boolean livenessOnly(RegistrationUpdate u) {
        return u.getLifeTimeInSec() == null && u.getSmsNumber() == null && u.getBindingMode() == null
                && u.getObjectLinks() == null && u.getAdditionalAttributes().isEmpty() && u.getApplicationData().isEmpty()
                && u.getAlternatePath() == null && u.getSupportedContentFormats() == null
                && u.getSupportedObjects() == null && u.getAvailableInstances() == null;
    }
}
