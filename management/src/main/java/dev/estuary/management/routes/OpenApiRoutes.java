package dev.estuary.management.routes;

import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /api/v1/openapi.json}: the API's OpenAPI 3 document, open to everyone (it holds no secrets). */
public final class OpenApiRoutes {
    /** The resource the document is served from. */
    public static final String RESOURCE = "/dev/estuary/management/openapi.json";

    private OpenApiRoutes() {
    }

    public static void register(Router r) {
        String doc = document();
        r.addOpen("GET", "/api/v1/openapi.json", req -> ApiResponse.text("application/json", doc));
    }

    /** The document as written by hand in the resource. */
    public static String document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
