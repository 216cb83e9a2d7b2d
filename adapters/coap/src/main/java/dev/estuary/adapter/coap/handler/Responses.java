package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.CoapMetrics;
import java.util.concurrent.CompletionException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into CoAP error responses with a text/plain diagnostic payload (RFC 7252 §5.5.2), counted and
 * logged by whose fault they are: client mistakes at DEBUG with the peer, our bugs at ERROR as 5.00.
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** An error response with a diagnostic payload. */
    public static Response error(ResponseCode code, String diagnostic, int maxAgeSeconds) {
        Response r = new Response(code);
        if (diagnostic != null) {
            r.setPayload(diagnostic);
            r.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        if (maxAgeSeconds >= 0) {
            r.getOptions().setMaxAge(maxAgeSeconds);
        }
        return r;
    }

    /** Answers {@code exchange} for the failure {@code t}. */
    public static void fail(CoapExchange exchange, Throwable t, CoapMetrics metrics) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        CoapError e = classify(cause);
        Request req = exchange.advanced().getRequest();
        String peer = req.getSourceContext().getPeerAddress().toString();
        if (e == null) {
            metrics.internalError();
            LOG.error("CoAP {} {} from {} failed", req.getCode(), req.getOptions().getUriString(), peer, cause);
            exchange.respond(error(ResponseCode.INTERNAL_SERVER_ERROR, "internal error", -1));
            return;
        }
        count(e.code(), metrics);
        LOG.debug("CoAP {} {} from {}: {} {}", req.getCode(), req.getOptions().getUriString(), peer, e.code(),
                e.getMessage());
        exchange.respond(error(e.code(), e.getMessage(), e.maxAgeSeconds()));
    }

    private static CoapError classify(Throwable t) {
        if (t instanceof CoapError) {
            return (CoapError) t;
        }
        if (t instanceof SecurityException) {
            return CoapError.forbidden(t.getMessage());
        }
        if (t instanceof IllegalArgumentException) {
            return CoapError.badRequest(t.getMessage());
        }
        if (t instanceof IllegalStateException) {
            // the device session closed under the request (taken over, expired): the device may retry
            return CoapError.unavailable(t.getMessage(), 1);
        }
        return null;
    }

    private static void count(ResponseCode code, CoapMetrics metrics) {
        if (code == ResponseCode.UNAUTHORIZED) {
            metrics.authFailure();
        } else if (code == ResponseCode.FORBIDDEN) {
            metrics.aclDenial();
        }
        if (code.isClientError()) {
            metrics.clientError();
        }
    }
}
