package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.QueryParams;
import dev.estuary.adapter.coap.device.RequestIdentity;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the adapter's resources. Every request passes the {@link RequestGate} (5.03 when full), is handled
 * asynchronously by {@link #handle}, which answers on success, and any failure becomes an error response
 * ({@link Responses#fail}). Unknown sub-paths get a 4.04 with a diagnostic; relations that end are reported to the
 * {@link ObservationIndex}.
 */
abstract class DeviceResource extends CoapResource {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceResource.class);

    protected final HandlerContext ctx;
    private final Resource unknown;

    DeviceResource(String name, HandlerContext ctx, Resource unknown) {
        super(name);
        this.ctx = ctx;
        this.unknown = unknown;
    }

    /**
     * Handles one request; completes when the response has been handed to Californium.
     *
     * @throws CoapError (or completes exceptionally with it) for an error answer
     */
    abstract CompletionStage<?> handle(CoapExchange exchange, Code method, QueryParams query);

    @Override
    public void handleRequest(Exchange exchange) {
        ctx.metrics().request();
        if (!ctx.gate().tryEnter()) {
            ctx.metrics().overloaded();
            LOG.debug("CoAP {} from {}: overloaded, answering 5.03", exchange.getRequest().getCode(),
                    exchange.getRequest().getSourceContext().getPeerAddress());
            new CoapExchange(exchange).respond(Responses.error(ResponseCode.SERVICE_UNAVAILABLE,
                    "overloaded: too many requests in progress, retry later", 1));
            return;
        }
        GatedExchange ex = new GatedExchange(exchange, ctx.gate());
        CompletionStage<?> done;
        try {
            QueryParams query = QueryParams.parse(exchange.getRequest().getOptions().getUriQuery());
            done = handle(ex, exchange.getRequest().getCode(), query);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((v, t) -> {
            ex.leaveGate();
            if (t != null) {
                Responses.fail(ex, t, ctx.metrics());
            }
        });
    }

    /**
     * An exchange that leaves the {@link RequestGate} just before its answer goes out: Californium may send the
     * answer on the calling thread, and a device that sends its next request as soon as it has the answer must
     * find the gate's place free again.
     */
    private static final class GatedExchange extends CoapExchange {
        private final RequestGate gate;
        private final AtomicBoolean inGate = new AtomicBoolean(true);

        GatedExchange(Exchange exchange, RequestGate gate) {
            super(exchange);
            this.gate = gate;
        }

        void leaveGate() {
            if (inGate.compareAndSet(true, false)) {
                gate.exit();
            }
        }

        @Override
        public void respond(Response response) {
            leaveGate();
            super.respond(response);
        }
    }

    /** The identity the request claims. */
    static RequestIdentity identity(CoapExchange ex, QueryParams query) {
        return RequestIdentity.of(query, ex.advanced().getRequest().getSourceContext());
    }

    /** The Uri-Path below this resource's own segment, joined with '/', or "" when there is none. */
    static String subPath(CoapExchange ex) {
        List<String> path = ex.getRequestOptions().getUriPath();
        return path.size() <= 1 ? "" : String.join("/", path.subList(1, path.size()));
    }

    static CoapError methodNotAllowed(Code method, String allowed) {
        return CoapError.methodNotAllowed(method + " is not supported here (use " + allowed + ")");
    }

    @Override
    public Resource getChild(String name) {
        Resource child = super.getChild(name);
        return child != null ? child : unknown;
    }

    @Override
    public void removeObserveRelation(ObserveRelation relation) {
        super.removeObserveRelation(relation);
        ctx.observations().relationEnded(relation);
    }
}
