package dev.estuary.management.routes;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.acl.Cidr;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SubscribeRequest;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Page;
import dev.estuary.management.api.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code /api/v1/clients}: connected clients and kept sessions (devices behind adapters included), filtered and
 * paged; one client's details and subscriptions; kick; subscribe on a client's behalf.
 */
public final class ClientRoutes {
    private ClientRoutes() {
    }

    /** {@code POST /api/v1/clients/{clientid}/subscribe}. */
    record SubscribeBody(String topic, Integer qos, Boolean nl, Boolean rap, Integer rh) {
        SubscribeBody {
            if (topic == null || topic.isEmpty()) {
                throw new IllegalArgumentException("field 'topic' is required");
            }
            qos = qos == null ? 0 : qos;
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("field 'qos' must be 0, 1 or 2");
            }
            rh = rh == null ? 0 : rh;
            if (rh < 0 || rh > 2) {
                throw new IllegalArgumentException("field 'rh' must be 0, 1 or 2");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/clients", req -> ApiResponse.ok(Page.of(list(ctx, req), req)));
        r.add("GET", "/api/v1/clients/{clientid}", req -> ApiResponse.ok(Views.client(find(ctx, req))));
        r.add("DELETE", "/api/v1/clients/{clientid}", req -> kick(ctx, req));
        r.add("GET", "/api/v1/clients/{clientid}/subscriptions", req -> {
            SessionSnapshots.Snapshot s = find(ctx, req);
            List<Map<String, Object>> subs = new ArrayList<>();
            s.subscriptions().forEach((topic, sub) -> subs.add(Views.subscription(s.client().clientId(), topic,
                    sub)));
            return ApiResponse.ok(subs);
        });
        r.add("POST", "/api/v1/clients/{clientid}/subscribe", req -> subscribe(ctx, req));
    }

    private static SessionSnapshots.Snapshot find(ManagementContext ctx, ApiRequest req) {
        SessionSnapshots.Snapshot s = SessionSnapshots.one(ctx.broker(), req.param("clientid"));
        if (s == null) {
            throw ApiException.notFound("no client '" + req.param("clientid") + "'");
        }
        return s;
    }

    static List<Map<String, Object>> list(ManagementContext ctx, ApiRequest req) {
        Predicate<SessionSnapshots.Snapshot> filter = filter(req);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SessionSnapshots.Snapshot s : SessionSnapshots.all(ctx.broker())) {
            if (filter.test(s)) {
                out.add(Views.client(s));
            }
        }
        return out;
    }

    /**
     * The filters: {@code clientid}, {@code username}, {@code adapter} ({@code *} any device), {@code protocol},
     * {@code listener} (exact); {@code like_clientid}, {@code like_username} (substring); {@code ip} (address or
     * CIDR block); {@code connected} (true/false).
     */
    private static Predicate<SessionSnapshots.Snapshot> filter(ApiRequest req) {
        Predicate<SessionSnapshots.Snapshot> p = s -> true;
        String clientId = req.query("clientid");
        String likeClientId = req.query("like_clientid");
        String username = req.query("username");
        String likeUsername = req.query("like_username");
        String adapter = req.query("adapter");
        String protocol = req.query("protocol");
        String listener = req.query("listener");
        String ip = req.query("ip");
        Boolean connected = req.boolQuery("connected");
        if (clientId != null) {
            p = p.and(s -> s.client().clientId().equals(clientId));
        }
        if (likeClientId != null) {
            p = p.and(s -> s.client().clientId().contains(likeClientId));
        }
        if (username != null) {
            p = p.and(s -> username.equals(s.client().username()));
        }
        if (likeUsername != null) {
            p = p.and(s -> s.client().username() != null && s.client().username().contains(likeUsername));
        }
        if (adapter != null) {
            p = p.and(s -> adapter.equals("*") ? s.client().isDevice() : adapter.equals(s.client().adapter()));
        }
        if (protocol != null) {
            p = p.and(s -> protocol.equalsIgnoreCase(s.client().protocol()));
        }
        if (listener != null) {
            p = p.and(s -> listener.equals(s.client().listener()));
        }
        if (ip != null) {
            Cidr block;
            try {
                block = Cidr.parse(ip);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("query parameter 'ip': " + e.getMessage());
            }
            p = p.and(s -> {
                ClientInfo c = s.client();
                return c.remoteAddress() != null && c.remoteAddress().getAddress() != null
                        && block.contains(c.remoteAddress().getAddress());
            });
        }
        if (connected != null) {
            p = p.and(s -> s.online() == connected);
        }
        return p;
    }

    /**
     * Kicks a connected client: MQTT 5 gets DISCONNECT 0x98 (administrative action), MQTT 3.x is closed, a device
     * is closed by its adapter. The session itself follows its expiry.
     */
    private static ApiResponse kick(ManagementContext ctx, ApiRequest req) {
        String id = req.param("clientid");
        Session s = ctx.broker().sessions().get(id);
        if (s == null || !s.isOnline()) {
            throw ApiException.notFound("client '" + id + "' is not connected");
        }
        s.kick(Disconnect.of(DisconnectReason.KICKED, ReasonCodes.ADMINISTRATIVE_ACTION,
                "kicked by an operator (" + req.principal() + ")"));
        return ApiResponse.noContent();
    }

    private static ApiResponse subscribe(ManagementContext ctx, ApiRequest req) {
        SubscribeBody b = req.body(SubscribeBody.class);
        Session s = ctx.broker().sessions().get(req.param("clientid"));
        if (s == null || !s.isOnline()) {
            throw ApiException.notFound("client '" + req.param("clientid") + "' is not connected");
        }
        SubscribeRequest sr = new SubscribeRequest(b.topic(), new SubscriptionOptions(b.qos(),
                Boolean.TRUE.equals(b.nl()), Boolean.TRUE.equals(b.rap()), RetainHandling.of(b.rh())));
        List<Integer> codes;
        try {
            codes = s.subscribeOnBehalf(List.of(sr)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw ApiException.unavailable("the broker did not answer: " + e);
        }
        if (codes.isEmpty()) {
            throw ApiException.notFound("client '" + req.param("clientid") + "' is not connected");
        }
        int code = codes.get(0);
        if (ReasonCodes.isError(code)) {
            throw ApiException.badRequest("subscription refused: " + ReasonCodes.describe(code)
                    + String.format(" (0x%02X)", code));
        }
        return ApiResponse.ok(Map.of("topic", b.topic(), "qos", code));
    }
}
