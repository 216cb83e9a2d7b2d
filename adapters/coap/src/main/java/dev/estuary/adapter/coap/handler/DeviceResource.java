package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.QueryParams;
import dev.estuary.adapter.coap.device.RequestIdentity;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
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
        CoapExchange ex = new CoapExchange(exchange);
        if (!ctx.gate().tryEnter()) {
            ctx.metrics().overloaded();
            LOG.debug("CoAP {} from {}: overloaded, answering 5.03", exchange.getRequest().getCode(),
                    exchange.getRequest().getSourceContext().getPeerAddress());
            ex.respond(Responses.error(ResponseCode.SERVICE_UNAVAILABLE,
                    "overloaded: too many requests in progress, retry later", 1));
            return;
        }
        CompletionStage<?> done;
        try {
            QueryParams query = QueryParams.parse(exchange.getRequest().getOptions().getUriQuery());
            done = handle(ex, exchange.getRequest().getCode(), query);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((v, t) -> {
            ctx.gate().exit();
            if (t != null) {
                Responses.fail(ex, t, ctx.metrics());
            }
        });
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
