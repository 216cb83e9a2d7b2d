package dev.estuary.management.routes;

import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Route;
import dev.estuary.management.api.Router;
import dev.estuary.management.prometheus.MetricsExporter;
import dev.estuary.management.prometheus.PrometheusText;

/** {@code GET /metrics}: Prometheus text format; open without credentials when {@code management.metrics_auth} is false. */
public final class MetricsRoutes {
    private MetricsRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        MetricsExporter exporter = new MetricsExporter(ctx);
        Route route = req -> ApiResponse.text(PrometheusText.CONTENT_TYPE, exporter.scrape());
        if (ctx.config().management().metricsAuth()) {
            r.add("GET", "/metrics", route);
        } else {
            r.addOpen("GET", "/metrics", route);
        }
    }
}
