package dev.estuary.management.api;

import java.nio.charset.StandardCharsets;

/**
 * What a route answers: a status, a content type and a body. JSON bodies are serialised by {@link Bodies}.
 *
 * @param status      HTTP status
 * @param contentType the body's media type
 * @param body        the body bytes (empty for 204)
 */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json";

    /** 200 with {@code value} as JSON. */
    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    /** 201 with {@code value} as JSON. */
    public static ApiResponse created(Object value) {
        return json(201, value);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Bodies.write(value));
    }

    /** 204, no body. */
    public static ApiResponse noContent() {
        return new ApiResponse(204, JSON, new byte[0]);
    }

    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse error(ApiException e) {
        return json(e.status(), new ErrorBody(e.code(), e.getMessage()));
    }

    /** The error body: {@code {"code": "BAD_REQUEST", "message": "..."}}. */
    public record ErrorBody(String code, String message) {
    }
}
