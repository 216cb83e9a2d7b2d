package dev.estuary.management.routes;

import dev.estuary.core.config.Durations;
import dev.estuary.core.trace.TraceInfo;
import dev.estuary.core.trace.TraceManager;
import dev.estuary.core.trace.TraceType;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/traces}: start a trace of one client id or topic filter, list, stop, read its file, delete it.
 */
public final class TraceRoutes {
    private TraceRoutes() {
    }

    /** {@code POST /api/v1/traces}: {@code type} clientid|topic with {@code clientid} or {@code topic}. */
    record NewTrace(String name, String type, String clientid, String topic, String duration) {
        NewTrace {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("field 'name' is required");
            }
            if (type == null) {
                throw new IllegalArgumentException("field 'type' is required (clientid or topic)");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/traces", req -> ApiResponse.ok(ctx.traces().list().stream().map(TraceRoutes::view)
                .toList()));
        r.add("POST", "/api/v1/traces", req -> start(ctx, req));
        r.add("GET", "/api/v1/traces/{name}", req -> ApiResponse.ok(view(find(ctx.traces(), req.param("name")))));
        r.add("POST", "/api/v1/traces/{name}/stop", req -> {
            TraceManager t = ctx.traces();
            find(t, req.param("name"));
            t.stop(req.param("name"));
            return ApiResponse.ok(view(find(t, req.param("name"))));
        });
        r.add("GET", "/api/v1/traces/{name}/log", req -> log(ctx.traces(), req.param("name")));
        r.add("DELETE", "/api/v1/traces/{name}", req -> {
            if (!ctx.traces().delete(req.param("name"))) {
                throw ApiException.notFound("no trace '" + req.param("name") + "'");
            }
            return ApiResponse.noContent();
        });
    }

    private static TraceInfo find(TraceManager traces, String name) {
        TraceInfo t = traces.get(name);
        if (t == null) {
            throw ApiException.notFound("no trace '" + name + "'");
        }
        return t;
    }

    static Map<String, Object> view(TraceInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("type", t.type().label());
        m.put(t.type() == TraceType.TOPIC ? "topic" : "clientid", t.target());
        m.put("status", t.status());
        m.put("started_at", Instant.ofEpochMilli(t.startedAtMillis()).toString());
        m.put("ends_at", t.endsAtMillis() == 0 ? null : Instant.ofEpochMilli(t.endsAtMillis()).toString());
        m.put("lines", t.lines());
        m.put("bytes", t.bytes());
        m.put("file", t.file());
        return m;
    }

    private static ApiResponse start(ManagementContext ctx, ApiRequest req) {
        NewTrace b = req.body(NewTrace.class);
        TraceType type;
        try {
            type = TraceType.parse(b.type());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'type': " + e.getMessage());
        }
        String target = type == TraceType.TOPIC ? b.topic() : b.clientid();
        String other = type == TraceType.TOPIC ? b.clientid() : b.topic();
        if (target == null) {
            throw ApiException.badRequest("a " + type.label() + " trace needs the field '"
                    + (type == TraceType.TOPIC ? "topic" : "clientid") + "'");
        }
        if (other != null) {
            throw ApiException.badRequest("a " + type.label() + " trace takes only '"
                    + (type == TraceType.TOPIC ? "topic" : "clientid") + "'");
        }
        Duration duration = null;
        if (b.duration() != null) {
            try {
                duration = Durations.parse(b.duration());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'duration': " + e.getMessage());
            }
        }
        try {
            return ApiResponse.created(view(ctx.traces().start(b.name(), type, target, duration)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    private static ApiResponse log(TraceManager traces, String name) {
        Path file = traces.file(name);
        if (file == null) {
            throw ApiException.notFound("no trace '" + name + "'");
        }
        traces.sync();
        try {
            return ApiResponse.text("text/plain; charset=utf-8", Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiException.notFound("trace file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
