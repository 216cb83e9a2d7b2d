package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl users [add|passwd|del]}, {@code ctl acl [add|del]}, {@code ctl api-keys [add|del]}. */
final class AccessCommands {
    private AccessCommands() {
    }

    @Command(name = "users", description = "List users (same database as 'estuary users')",
            subcommands = {AccessCommands.UserAdd.class, AccessCommands.UserPasswd.class, AccessCommands.UserDel.class})
    static final class Users extends CtlBase {
        @picocli.CommandLine.Mixin
        ClientCommands.Paging paging;

        @Override
        int run(ApiClient api) {
            return printList(api.get(ApiClient.query("/api/v1/users", paging.params())), new Table()
                    .column("USERNAME", "username").column("SUPERUSER", "superuser").column("CREATED", "created_at")
                    .column("UPDATED", "updated_at"), "users");
        }
    }

    @Command(name = "add", description = "Add a user")
    static final class UserAdd extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = {"-p", "--new-password"}, required = true, paramLabel = "PASSWORD")
        String newPassword;
        @Option(names = "--superuser")
        boolean superuser;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("/api/v1/users", Map.of("username", name, "password", newPassword, "superuser",
                    superuser));
            return done(r, "added user '" + Table.printable(name) + "'" + (superuser ? " (superuser)" : ""));
        }
    }

    @Command(name = "passwd", description = "Change a user's password and/or superuser flag")
    static final class UserPasswd extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = {"-p", "--new-password"}, paramLabel = "PASSWORD")
        String newPassword;
        @Option(names = "--superuser", arity = "1", paramLabel = "true|false")
        Boolean superuser;

        @Override
        int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (newPassword != null) {
                body.put("password", newPassword);
            }
            if (superuser != null) {
                body.put("superuser", superuser);
            }
            JsonNode r = api.put("/api/v1/users/" + ApiClient.seg(name), body);
            return done(r, "changed user '" + Table.printable(name) + "'");
        }
    }

    @Command(name = "del", description = "Delete a user")
    static final class UserDel extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/users/" + ApiClient.seg(name));
            return done(null, "deleted user '" + Table.printable(name) + "'");
        }
    }

    @Command(name = "acl", description = "List the ACL rules in evaluation order",
            subcommands = {AccessCommands.AclAdd.class, AccessCommands.AclDel.class})
    static final class Acl extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/acl"), new Table().column("ID", "id").column("POS", "position")
                    .column("RULE", "rule"), "rules");
        }
    }

    @Command(name = "add", description = "Add a rule in acl.conf syntax, e.g. '{allow, {user, \"bob\"}, publish, "
            + "[\"a/#\"]}'")
    static final class AclAdd extends CtlBase {
        @Parameters(paramLabel = "RULE")
        String rule;
        @Option(names = "--position", paramLabel = "N", description = "Insert as the N-th rule (default: last)")
        Integer position;

        @Override
        int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rule", rule);
            if (position != null) {
                body.put("position", position);
            }
            JsonNode r = api.post("/api/v1/acl", body);
            return done(r, "added rule " + r.path("id").asLong() + " at position " + r.path("position").asInt()
                    + ": " + r.path("rule").asText());
        }
    }

    @Command(name = "del", description = "Delete a rule by id")
    static final class AclDel extends CtlBase {
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/acl/" + id);
            return done(null, "deleted rule " + id);
        }
    }

    @Command(name = "api-keys", description = "List API keys",
            subcommands = {AccessCommands.KeyAdd.class, AccessCommands.KeyDel.class})
    static final class ApiKeys extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/api_keys"), new Table().column("NAME", "name")
                    .column("DESCRIPTION", "description").column("CREATED", "created_at")
                    .column("EXPIRES", "expires_at"), "API keys");
        }
    }

    @Command(name = "add", description = "Create an API key; its secret is printed once")
    static final class KeyAdd extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--description", paramLabel = "TEXT")
        String description;
        @Option(names = "--expires-at", paramLabel = "INSTANT", description = "e.g. 2030-01-01T00:00:00Z")
        String expiresAt;

        @Override
        int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (description != null) {
                body.put("description", description);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
            JsonNode r = api.post("/api/v1/api_keys", body);
            return done(r, r.path("credentials").asText() + "\n(the secret is shown only now; use it as --key "
                    + "NAME:SECRET or HTTP Basic credentials)");
        }
    }

    @Command(name = "del", description = "Delete an API key")
    static final class KeyDel extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/api_keys/" + ApiClient.seg(name));
            return done(null, "deleted API key '" + Table.printable(name) + "'");
        }
    }
}
