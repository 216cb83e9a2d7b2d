package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.device.Observation;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link Observation} each Californium observe relation serves. When a relation ends (the device cancelled
 * with RST or Observe=1, a CON notification timed out, or the server ended it) and it was still its observation's
 * current relation, the observation ends and its MQTT subscription is removed; a relation that was replaced by a
 * re-registration ends quietly.
 */
public final class ObservationIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationIndex.class);

    private final ConcurrentHashMap<ObserveRelation, Observation> byRelation = new ConcurrentHashMap<>();

    void put(ObserveRelation relation, Observation o) {
        byRelation.put(relation, o);
    }

    void remove(ObserveRelation relation) {
        if (relation != null) {
            byRelation.remove(relation);
        }
    }

    /** Called by the observable resources when Californium drops a relation. */
    void relationEnded(ObserveRelation relation) {
        Observation o = byRelation.remove(relation);
        if (o == null || o.relation() != relation) {
            return;
        }
        if (o.device().removeObservation(o)) {
            LOG.debug("CoAP device {} stopped observing {}", o.device().id(), o.key());
            if (o.filter() != null && o.device().isOpen()) {
                o.device().session().unsubscribe(o.filter());
            }
        }
    }

    public int size() {
        return byRelation.size();
    }
}
