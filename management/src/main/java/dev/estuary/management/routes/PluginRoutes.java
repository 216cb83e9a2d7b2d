package dev.estuary.management.routes;

import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.core.session.Session;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/plugins} (list, enable, disable on the running gateway, remembered across restarts) and
 * {@code /api/v1/adapters} (running adapters and their devices online).
 */
public final class PluginRoutes {
    private PluginRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/plugins", req -> ApiResponse.ok(ctx.plugins().list()));
        r.add("GET", "/api/v1/plugins/{id}", req -> ApiResponse.ok(find(ctx.plugins(), req.param("id"))));
        r.add("POST", "/api/v1/plugins/{id}/enable", req -> {
            if (!ctx.plugins().enable(req.param("id"))) {
                throw ApiException.notFound("no plugin '" + req.param("id") + "'");
            }
            return ApiResponse.ok(find(ctx.plugins(), req.param("id")));
        });
        r.add("POST", "/api/v1/plugins/{id}/disable", req -> {
            if (!ctx.plugins().disable(req.param("id"))) {
                throw ApiException.notFound("no plugin '" + req.param("id") + "'");
            }
            return ApiResponse.ok(find(ctx.plugins(), req.param("id")));
        });
        r.add("GET", "/api/v1/adapters", req -> ApiResponse.ok(adapters(ctx)));
    }

    private static PluginInfo find(PluginRuntime plugins, String id) {
        return plugins.list().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no plugin '" + id + "'"));
    }

    /** Devices online per adapter id, from the broker's sessions. */
    public static Map<String, Long> devicesOnline(ManagementContext ctx) {
        Map<String, Long> online = new TreeMap<>();
        for (Session s : ctx.broker().sessions().all()) {
            if (s.isOnline() && s.client() != null && s.client().isDevice()) {
                online.merge(s.client().adapter(), 1L, Long::sum);
            }
        }
        return online;
    }

    static List<Map<String, Object>> adapters(ManagementContext ctx) {
        Map<String, Long> online = devicesOnline(ctx);
        List<String> running = ctx.plugins().runningAdapters();
        java.util.ArrayList<Map<String, Object>> out = new java.util.ArrayList<>();
        for (String id : running) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("running", true);
            long devices = 0;
            for (Map.Entry<String, Long> e : online.entrySet()) {
                if (e.getKey().equals(id) || e.getKey().startsWith(id + "-")) {
                    devices += e.getValue();
                }
            }
            m.put("devices_online", devices);
            m.put("errors", ctx.adapters() == null ? 0 : ctx.adapters().errorCount(id));
            out.add(m);
        }
        return out;
    }
}
