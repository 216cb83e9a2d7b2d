package dev.estuary.adapter.coap.handler;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * A request that fails with a CoAP error code and a diagnostic payload (RFC 7252 §5.5.2). Thrown or completed
 * exceptionally anywhere in request handling; {@link Responses#fail} turns it into the response. Carries no stack
 * trace: it is an answer, not a fault.
 */
public final class CoapError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ResponseCode code;
    private final int maxAgeSeconds;

    private CoapError(ResponseCode code, String diagnostic, int maxAgeSeconds) {
        super(diagnostic, null, false, false);
        this.code = code;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    public ResponseCode code() {
        return code;
    }

    /** Max-Age for 5.03 (when to retry), or -1. */
    public int maxAgeSeconds() {
        return maxAgeSeconds;
    }

    public static CoapError badRequest(String diagnostic) {
        return new CoapError(ResponseCode.BAD_REQUEST, diagnostic, -1);
    }

    public static CoapError unauthorized(String diagnostic) {
        return new CoapError(ResponseCode.UNAUTHORIZED, diagnostic, -1);
    }

    public static CoapError forbidden(String diagnostic) {
        return new CoapError(ResponseCode.FORBIDDEN, diagnostic, -1);
    }

    public static CoapError notFound(String diagnostic) {
        return new CoapError(ResponseCode.NOT_FOUND, diagnostic, -1);
    }

    public static CoapError methodNotAllowed(String diagnostic) {
        return new CoapError(ResponseCode.METHOD_NOT_ALLOWED, diagnostic, -1);
    }

    public static CoapError tooLarge(String diagnostic) {
        return new CoapError(ResponseCode.REQUEST_ENTITY_TOO_LARGE, diagnostic, -1);
    }

    public static CoapError unavailable(String diagnostic, int retryAfterSeconds) {
        return new CoapError(ResponseCode.SERVICE_UNAVAILABLE, diagnostic, retryAfterSeconds);
    }
}
