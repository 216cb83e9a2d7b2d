package dev.estuary.management;

import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import dev.estuary.management.auth.ApiAuth;
import dev.estuary.management.routes.AclRoutes;
import dev.estuary.management.routes.ApiKeyRoutes;
import dev.estuary.management.routes.BanRoutes;
import dev.estuary.management.routes.ClientRoutes;
import dev.estuary.management.routes.ListenerRoutes;
import dev.estuary.management.routes.MetricsRoutes;
import dev.estuary.management.routes.OpenApiRoutes;
import dev.estuary.management.routes.PluginRoutes;
import dev.estuary.management.routes.PublishRoutes;
import dev.estuary.management.routes.RetainedRoutes;
import dev.estuary.management.routes.StatusRoutes;
import dev.estuary.management.routes.SubscriptionRoutes;
import dev.estuary.management.routes.TraceRoutes;
import dev.estuary.management.routes.UserRoutes;
import dev.estuary.management.routes.WebhookRoutes;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API without its transport: every route, authentication, and errors turned into JSON answers. The
 * {@link ManagementServer} feeds it HTTP requests; tests can call {@link #handle} directly.
 */
public final class ManagementApi {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    private final Router router = new Router();
    private final ApiAuth auth;

    public ManagementApi(ManagementContext ctx, ApiAuth auth) {
        this.auth = auth;
        StatusRoutes.register(router, ctx);
        ListenerRoutes.register(router, ctx);
        ClientRoutes.register(router, ctx);
        SubscriptionRoutes.register(router, ctx);
        RetainedRoutes.register(router, ctx);
        PublishRoutes.register(router, ctx);
        UserRoutes.register(router, ctx);
        AclRoutes.register(router, ctx);
        PluginRoutes.register(router, ctx);
        BanRoutes.register(router, ctx);
        TraceRoutes.register(router, ctx);
        WebhookRoutes.register(router, ctx);
        ApiKeyRoutes.register(router, ctx);
        MetricsRoutes.register(router, ctx);
        OpenApiRoutes.register(router);
    }

    public Router router() {
        return router;
    }

    /**
     * Answers one request; never throws.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param peer          the client's address, for log lines
     */
    public ApiResponse handle(String method, String path, Map<String, List<String>> query, byte[] body,
                              String authorization, String peer) {
        try {
            Router.Match m = router.find(method, path);
            String principal = m.entry().open() ? null : auth.authenticate(authorization, peer);
            ApiResponse r = m.entry().route().handle(new ApiRequest(method, path, m.params(), query, body,
                    principal));
            if (principal != null && !method.equals("GET")) {
                LOG.info("management API: {} {} by {} from {}: {}", method, path, principal, peer, r.status());
            }
            return r;
        } catch (ApiException e) {
            if (e.status() >= 500) {
                LOG.warn("management API: {} {} from {}: {}", method, path, peer, e.getMessage());
            } else {
                LOG.debug("management API: {} {} from {}: {} {}", method, path, peer, e.status(), e.getMessage());
            }
            return ApiResponse.error(e);
        } catch (RuntimeException e) {
            LOG.error("management API: {} {} from {} failed", method, path, peer, e);
            return ApiResponse.error(new ApiException(500, "INTERNAL_ERROR",
                    "internal error: " + e.getClass().getSimpleName() + " (the gateway log has the details)"));
        }
    }
}
