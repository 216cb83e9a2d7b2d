package dev.estuary.management.routes;

import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.acl.AclConf;
import dev.estuary.core.acl.AclRule;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/acl}: the ordered ACL rules of {@code estuary.db}, the same store as {@code estuary acl}, written
 * in acl.conf syntax ({@code {allow, {user, "bob"}, publish, ["a/#"]}}). Changes apply to connected clients at
 * once.
 */
public final class AclRoutes {
    private AclRoutes() {
    }

    /** {@code POST /api/v1/acl}: the rule, and where to put it (1 = first; default last). */
    record NewRule(String rule, Integer position) {
        NewRule {
            if (rule == null || rule.isBlank()) {
                throw new IllegalArgumentException("field 'rule' is required (acl.conf syntax)");
            }
            if (position != null && position < 1) {
                throw new IllegalArgumentException("field 'position' starts at 1");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/acl", req -> ApiResponse.ok(list(ctx.access())));
        r.add("POST", "/api/v1/acl", req -> add(ctx, req));
        r.add("GET", "/api/v1/acl/{id}", req -> {
            long id = id(req);
            return ApiResponse.ok(list(ctx.access()).stream().filter(m -> m.get("id").equals(id)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("no ACL rule " + id)));
        });
        r.add("DELETE", "/api/v1/acl/{id}", req -> {
            long id = id(req);
            if (!ctx.access().acl().delete(id)) {
                throw ApiException.notFound("no ACL rule " + id);
            }
            ctx.access().refresh();
            return ApiResponse.noContent();
        });
    }

    private static long id(ApiRequest req) {
        try {
            return Long.parseLong(req.param("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a rule id is a number (was '" + req.param("id") + "')");
        }
    }

    static List<Map<String, Object>> list(AccessControl access) {
        List<Map<String, Object>> out = new ArrayList<>();
        int position = 1;
        for (AclRule rule : access.acl().list()) {
            out.add(view(rule, position++));
        }
        return out;
    }

    static Map<String, Object> view(AclRule rule, int position) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rule.id());
        m.put("position", position);
        m.put("rule", AclConf.format(rule) + ".");
        m.put("permission", rule.permission().label());
        m.put("who", rule.who().kind().label() + (rule.who().value() == null ? "" : ":" + rule.who().value()));
        m.put("action", rule.action().label());
        m.put("topics", rule.topics().stream().map(t -> t.exact() ? "eq " + t.filter() : t.filter()).toList());
        return m;
    }

    private static ApiResponse add(ManagementContext ctx, ApiRequest req) {
        NewRule b = req.body(NewRule.class);
        AclRule rule;
        try {
            rule = AclConf.parseRule(b.rule());
        } catch (IllegalArgumentException e) { // AclSyntaxException included
            throw ApiException.badRequest("field 'rule': " + e.getMessage());
        }
        AccessControl access = ctx.access();
        AclRule stored = b.position() == null ? access.acl().add(rule) : access.acl().insert(b.position(), rule);
        access.refresh();
        List<AclRule> all = access.acl().list();
        int position = 1;
        for (AclRule r : all) {
            if (r.id() == stored.id()) {
                break;
            }
            position++;
        }
        return ApiResponse.created(view(stored, position));
    }
}
