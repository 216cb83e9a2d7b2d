package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl plugins}, {@code ctl banned}, {@code ctl trace}. */
final class OpsCommands {
    private OpsCommands() {
    }

    @Command(name = "plugins", description = "List plugins with their state, adapters and codecs",
            subcommands = {OpsCommands.PluginEnable.class, OpsCommands.PluginDisable.class})
    static final class Plugins extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/plugins"), new Table().column("ID", "id").column("VERSION", "version")
                    .column("STATE", "state").column("ADAPTERS", "adapters").column("CODECS", "codecs")
                    .column("ERROR", "error"), "plugins");
        }
    }

    @Command(name = "enable", description = "Enable and start a plugin on the running gateway")
    static final class PluginEnable extends CtlBase {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("/api/v1/plugins/" + ApiClient.seg(id) + "/enable", Map.of());
            return done(r, "plugin " + id + ": " + r.path("state").asText());
        }
    }

    @Command(name = "disable", description = "Stop and disable a plugin on the running gateway")
    static final class PluginDisable extends CtlBase {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("/api/v1/plugins/" + ApiClient.seg(id) + "/disable", Map.of());
            return done(r, "plugin " + id + ": " + r.path("state").asText());
        }
    }

    @Command(name = "banned", description = "List bans", subcommands = {OpsCommands.BanAdd.class,
        OpsCommands.BanDel.class})
    static final class Banned extends CtlBase {
        @picocli.CommandLine.Mixin
        ClientCommands.Paging paging;

        @Override
        int run(ApiClient api) {
            return printList(api.get(ApiClient.query("/api/v1/banned", paging.params())), new Table()
                    .column("AS", "as").column("WHO", "who").column("REASON", "reason").column("BY", "by")
                    .column("AT", "at").column("UNTIL", "until"), "bans");
        }
    }

    @Command(name = "add", description = "Ban a client id, username or IP address/CIDR block (connected matches "
            + "are disconnected)")
    static final class BanAdd extends CtlBase {
        @Parameters(index = "0", paramLabel = "clientid|username|ipaddr")
        String as;
        @Parameters(index = "1", paramLabel = "WHO")
        String who;
        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;
        @Option(names = "--duration", paramLabel = "DURATION", description = "e.g. 10m, 2h, 7d (default: forever)")
        String duration;
        @Option(names = "--until", paramLabel = "INSTANT", description = "e.g. 2030-01-01T00:00:00Z")
        String until;

        @Override
        int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("as", as);
            body.put("who", who);
            body.put("reason", reason);
            body.put("duration", duration);
            body.put("until", until);
            body.values().removeIf(java.util.Objects::isNull);
            JsonNode r = api.post("/api/v1/banned", body);
            return done(r, "banned " + r.path("as").asText() + " '" + Table.printable(who) + "'"
                    + (r.path("until").isNull() ? "" : " until " + r.path("until").asText())
                    + " (" + r.path("kicked").asInt() + " disconnected)");
        }
    }

    @Command(name = "del", description = "Remove a ban")
    static final class BanDel extends CtlBase {
        @Parameters(index = "0", paramLabel = "clientid|username|ipaddr")
        String as;
        @Parameters(index = "1", paramLabel = "WHO")
        String who;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/banned/" + ApiClient.seg(as) + "/" + ApiClient.seg(who));
            return done(null, "removed the ban of " + as + " '" + Table.printable(who) + "'");
        }
    }

    @Command(name = "trace", description = "List traces", subcommands = {OpsCommands.TraceStart.class,
        OpsCommands.TraceStop.class, OpsCommands.TraceShow.class, OpsCommands.TraceDelete.class})
    static final class Trace extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/traces"), new Table().column("NAME", "name").column("TYPE", "type")
                    .column("CLIENTID", "clientid").column("TOPIC", "topic").column("STATUS", "status")
                    .column("LINES", "lines").column("STARTED", "started_at").column("FILE", "file"), "traces");
        }
    }

    @Command(name = "start", description = "Start a trace: 'trace start client ID' or 'trace start topic FILTER'")
    static final class TraceStart extends CtlBase {
        @Parameters(index = "0", paramLabel = "client|topic")
        String type;
        @Parameters(index = "1", paramLabel = "ID|FILTER")
        String target;
        @Option(names = "--name", paramLabel = "NAME", description = "Trace name (default: derived from the target)")
        String name;
        @Option(names = "--duration", paramLabel = "DURATION", description = "Stop by itself after, e.g. 10m")
        String duration;

        @Override
        int run(ApiClient api) {
            boolean topic = type.equalsIgnoreCase("topic");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name != null ? name : defaultName(target));
            body.put("type", topic ? "topic" : type.equalsIgnoreCase("client") ? "clientid" : type);
            body.put(topic ? "topic" : "clientid", target);
            if (duration != null) {
                body.put("duration", duration);
            }
            JsonNode r = api.post("/api/v1/traces", body);
            return done(r, "trace '" + r.path("name").asText() + "' started, writing to " + r.path("file").asText());
        }

        static String defaultName(String target) {
            String s = target.replaceAll("[^A-Za-z0-9_.-]", "_");
            return s.length() > 64 ? s.substring(0, 64) : s;
        }
    }

    @Command(name = "stop", description = "Stop a trace (its file stays)")
    static final class TraceStop extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("/api/v1/traces/" + ApiClient.seg(name) + "/stop", Map.of());
            return done(r, "trace '" + name + "' stopped: " + r.path("lines").asLong() + " lines in "
                    + r.path("file").asText());
        }
    }

    @Command(name = "show", description = "Print a trace's file")
    static final class TraceShow extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            out().print(api.getText("/api/v1/traces/" + ApiClient.seg(name) + "/log"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "delete", description = "Stop a trace and delete its file")
    static final class TraceDelete extends CtlBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/traces/" + ApiClient.seg(name));
            return done(null, "trace '" + name + "' deleted");
        }
    }
}
