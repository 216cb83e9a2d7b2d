package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.device.CoapDevice;
import dev.estuary.adapter.coap.device.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers and cancels observations (RFC 7641) for {@code /ps} filters and {@code /down}. A registration for an
 * observation the device already has (it re-registered, possibly from a new address after NAT rebinding) moves
 * the observation to the new relation and keeps its MQTT subscription; a new one subscribes first and answers
 * 2.05 once the broker accepted the subscription (4.03 when the ACL refuses it).
 */
final class Observer {
    private static final Logger LOG = LoggerFactory.getLogger(Observer.class);

    private Observer() {
    }

    /**
     * @param filter the MQTT filter, or null for {@code /down}
     */
    static CompletionStage<Void> observe(CoapExchange ex, CoapDevice device, String key, String filter, int qos,
                                         boolean envelope, HandlerContext ctx) {
        ObserveRelation relation = ex.advanced().getRelation();
        if (relation == null) {
            throw CoapError.unavailable("this server cannot take more observations", 30);
        }
        Observation existing = device.observation(key);
        if (existing != null) {
            ObserveRelation old = existing.rebind(relation);
            ctx.observations().put(relation, existing);
            if (old != null && old != relation) {
                ctx.observations().remove(old);
                old.cancel();
            }
            LOG.debug("CoAP device {} re-registered its observation of {}", device.id(), key);
            ex.respond(existing.registrationResponse());
            existing.established();
            return CompletableFuture.completedFuture(null);
        }
        int max = ctx.config().maxObservations();
        if (device.observationCount() >= max) {
            throw CoapError.badRequest("too many observations for this device (adapters.coap."
                    + "max_observations_per_device=" + max + ")");
        }
        Observation obs = device.addObservation(key, filter, envelope, relation);
        ctx.observations().put(relation, obs);
        CompletionStage<?> subscribed = filter == null ? CompletableFuture.completedFuture(0)
                : device.session().subscribe(filter, qos, (s, m) -> obs.deliver(m));
        return subscribed.handle((granted, err) -> {
            if (err != null) {
                device.removeObservation(obs);
                ctx.observations().remove(relation);
                throw err instanceof RuntimeException ? (RuntimeException) err : new IllegalStateException(err);
            }
            LOG.debug("CoAP device {} observes {}", device.id(), key);
            ex.respond(obs.registrationResponse());
            obs.established();
            return null;
        });
    }

    /** GET with Observe=1: ends the observation (whatever token the request uses) and answers 2.05. */
    static CompletionStage<Void> cancel(CoapExchange ex, CoapDevice device, String key, HandlerContext ctx) {
        Observation o = device.observation(key);
        if (o != null && device.removeObservation(o)) {
            ObserveRelation rel = o.relation();
            ctx.observations().remove(rel);
            if (rel != null && !rel.isCanceled()) {
                rel.cancel();
            }
            LOG.debug("CoAP device {} cancelled its observation of {}", device.id(), key);
            if (o.filter() != null) {
                return device.session().unsubscribe(o.filter()).thenAccept(b -> ex.respond(
                        new Response(ResponseCode.CONTENT)));
            }
        }
        ex.respond(new Response(ResponseCode.CONTENT));
        return CompletableFuture.completedFuture(null);
    }
}
