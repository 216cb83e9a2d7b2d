package dev.estuary.management.routes;

import dev.estuary.core.ban.Ban;
import dev.estuary.core.ban.BanKind;
import dev.estuary.core.ban.Bans;
import dev.estuary.core.config.Durations;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Page;
import dev.estuary.management.api.Router;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/banned}: the ban list (client id, username, IP address or CIDR block, with an optional expiry).
 * A new ban also disconnects the connected clients it matches (MQTT 5: DISCONNECT 0x98).
 */
public final class BanRoutes {
    private BanRoutes() {
    }

    /** {@code POST /api/v1/banned}: {@code as} clientid|username|ipaddr, {@code who}, and optionally a reason and
     *  either {@code until} (ISO-8601) or {@code duration} ({@code 10m}, {@code 2h}, seconds). */
    record NewBan(String as, String who, String reason, String until, String duration) {
        NewBan {
            if (as == null) {
                throw new IllegalArgumentException("field 'as' is required (clientid, username or ipaddr)");
            }
            if (who == null || who.isEmpty()) {
                throw new IllegalArgumentException("field 'who' is required");
            }
            if (until != null && duration != null) {
                throw new IllegalArgumentException("give 'until' or 'duration', not both");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/banned", req -> ApiResponse.ok(Page.of(ctx.bans().list().stream()
                .map(BanRoutes::view).toList(), req)));
        r.add("POST", "/api/v1/banned", req -> add(ctx, req));
        r.add("DELETE", "/api/v1/banned/{as}/{who}", req -> {
            BanKind kind = kind(req.param("as"));
            if (!ctx.bans().remove(new Ban.Key(kind, req.param("who"))).join()) {
                throw ApiException.notFound("no ban of " + kind.label() + " '" + req.param("who") + "'");
            }
            return ApiResponse.noContent();
        });
    }

    private static BanKind kind(String as) {
        try {
            return BanKind.parse(as);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static Map<String, Object> view(Ban b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("as", b.kind().label());
        m.put("who", b.value());
        m.put("reason", b.reason());
        m.put("by", b.by());
        m.put("at", Instant.ofEpochMilli(b.createdAtMillis()).toString());
        m.put("until", b.untilMillis() == 0 ? null : Instant.ofEpochMilli(b.untilMillis()).toString());
        return m;
    }

    private static ApiResponse add(ManagementContext ctx, ApiRequest req) {
        NewBan b = req.body(NewBan.class);
        BanKind kind = kind(b.as());
        long now = ctx.broker().clock().millis();
        long until = 0;
        if (b.until() != null) {
            try {
                until = Instant.parse(b.until()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'until': expected an ISO-8601 instant such as "
                        + "2030-01-01T00:00:00Z (was '" + b.until() + "')");
            }
            if (until <= now) {
                throw ApiException.badRequest("field 'until' is in the past");
            }
        } else if (b.duration() != null) {
            Duration d;
            try {
                d = Durations.parse(b.duration());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'duration': " + e.getMessage());
            }
            if (d.isZero() || d.isNegative()) {
                throw ApiException.badRequest("field 'duration' must be positive");
            }
            until = Durations.isNever(d) ? 0 : now + d.toMillis();
        }
        Ban ban;
        try {
            ban = new Ban(kind, b.who(), b.reason(), req.principal(), now, until);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'who': " + e.getMessage());
        }
        ctx.bans().add(ban).join();
        int kicked = Bans.kickMatching(ctx.broker().sessions(), ban);
        Map<String, Object> out = view(ban);
        out.put("kicked", kicked);
        return ApiResponse.created(out);
    }
}
