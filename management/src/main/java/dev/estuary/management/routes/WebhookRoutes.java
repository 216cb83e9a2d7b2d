package dev.estuary.management.routes;

import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.util.List;

/** {@code /api/v1/webhooks}: each configured receiver with its counters (sent, failed, dropped, queued). */
public final class WebhookRoutes {
    private WebhookRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/webhooks", req -> ApiResponse.ok(ctx.webhooks() == null ? List.of()
                : ctx.webhooks().stats()));
    }
}
