package dev.estuary.management.api;

/**
 * A request the API answers with an error: an HTTP status, an error code ({@code BAD_REQUEST}, {@code NOT_FOUND},
 * ...) and a message saying what was wrong. Rendered as {@code {"code": "...", "message": "..."}}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "CONFLICT", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "SERVICE_UNAVAILABLE", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
