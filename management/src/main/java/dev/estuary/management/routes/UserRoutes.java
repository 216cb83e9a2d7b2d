package dev.estuary.management.routes;

import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.auth.User;
import dev.estuary.core.auth.UserStore;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Page;
import dev.estuary.management.api.Router;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/users}: the users of {@code estuary.db}, the same store as {@code estuary users}. Changes apply
 * to the running gateway at once (new connects; connected clients keep their session).
 */
public final class UserRoutes {
    private UserRoutes() {
    }

    /** {@code POST /api/v1/users}. */
    record NewUser(String username, String password, Boolean superuser) {
        NewUser {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("field 'username' is required");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("field 'password' is required and must not be empty");
            }
            superuser = superuser != null && superuser;
        }
    }

    /** {@code PUT /api/v1/users/{username}}: what to change. */
    record UserChange(String password, Boolean superuser) {
        UserChange {
            if (password != null && password.isEmpty()) {
                throw new IllegalArgumentException("field 'password' must not be empty");
            }
            if (password == null && superuser == null) {
                throw new IllegalArgumentException("nothing to change: give 'password' and/or 'superuser'");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/users", req -> ApiResponse.ok(Page.of(ctx.access().users().list().stream()
                .map(UserRoutes::view).toList(), req)));
        r.add("POST", "/api/v1/users", req -> create(ctx, req));
        r.add("GET", "/api/v1/users/{username}", req -> ApiResponse.ok(view(find(ctx.access().users(),
                req.param("username")))));
        r.add("PUT", "/api/v1/users/{username}", req -> change(ctx, req));
        r.add("DELETE", "/api/v1/users/{username}", req -> {
            if (!ctx.access().users().delete(req.param("username"))) {
                throw ApiException.notFound("no user '" + req.param("username") + "'");
            }
            ctx.access().refresh();
            return ApiResponse.noContent();
        });
    }

    private static User find(UserStore users, String name) {
        return users.find(name).orElseThrow(() -> ApiException.notFound("no user '" + name + "'"));
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("superuser", u.superuser());
        m.put("created_at", u.createdAtMillis());
        m.put("updated_at", u.updatedAtMillis());
        return m;
    }

    private static PasswordHasher hasher(ManagementContext ctx) {
        return new PasswordHasher(ctx.config().auth().passwordHashIterations());
    }

    private static ApiResponse create(ManagementContext ctx, ApiRequest req) {
        NewUser u = req.body(NewUser.class);
        AccessControl access = ctx.access();
        String hash = hasher(ctx).hash(u.password().getBytes(StandardCharsets.UTF_8));
        if (!access.users().add(u.username(), hash, u.superuser())) {
            throw ApiException.conflict("user '" + u.username() + "' exists");
        }
        access.refresh();
        return ApiResponse.created(view(find(access.users(), u.username())));
    }

    private static ApiResponse change(ManagementContext ctx, ApiRequest req) {
        UserChange c = req.body(UserChange.class);
        AccessControl access = ctx.access();
        String name = req.param("username");
        find(access.users(), name);
        if (c.password() != null) {
            access.users().setPassword(name, hasher(ctx).hash(c.password().getBytes(StandardCharsets.UTF_8)));
        }
        if (c.superuser() != null) {
            access.users().setSuperuser(name, c.superuser());
        }
        access.refresh();
        return ApiResponse.ok(view(find(access.users(), name)));
    }
}
