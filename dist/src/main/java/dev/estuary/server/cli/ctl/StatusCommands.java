package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.server.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ctl status}, {@code ctl listeners}, {@code ctl metrics}, {@code ctl webhooks}, {@code ctl adapters}. */
final class StatusCommands {
    private StatusCommands() {
    }

    @Command(name = "status", description = "Node, version, uptime, connections, sessions and statistics")
    static final class Status extends CtlBase {
        @Override
        int run(ApiClient api) {
            JsonNode status = api.get("/api/v1/status");
            if (json()) {
                ObjectNode both = ApiClient.JSON.createObjectNode();
                both.set("status", status);
                both.set("stats", api.get("/api/v1/stats"));
                printJson(both);
                return ExitCodes.OK;
            }
            Table.printObject(out(), status);
            out().println();
            Table.printObject(out(), api.get("/api/v1/stats"));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "listeners", description = "MQTT listeners: connections, limits and disconnect reasons")
    static final class Listeners extends CtlBase {
        @Override
        int run(ApiClient api) {
            JsonNode all = api.get("/api/v1/listeners");
            if (json()) {
                printJson(all);
                return ExitCodes.OK;
            }
            new Table().column("NAME", "name").column("RUNNING", "running").column("PORT", "port")
                    .column("CONNECTIONS", "connections").column("ACCEPTED", "accepted")
                    .column("KEEPALIVE_TIMEOUT", "disconnects/keepalive_timeout")
                    .column("CLOSED_BY_CLIENT", "disconnects/closed_by_client")
                    .column("NORMAL", "disconnects/normal").column("PROTOCOL_ERROR", "disconnects/protocol_error")
                    .column("TAKEOVER", "disconnects/takeover").column("KICKED", "disconnects/kicked")
                    .print(out(), all);
            out().println("(all disconnect reasons: --json)");
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "metrics", description = "Message, byte, packet, drop and disconnect counters")
    static final class Metrics extends CtlBase {
        @Option(names = "--prometheus", description = "Print the Prometheus text of /metrics instead")
        boolean prometheus;

        @Override
        int run(ApiClient api) {
            if (prometheus) {
                out().print(api.getText("/metrics"));
                out().flush();
                return ExitCodes.OK;
            }
            return printObject(api.get("/api/v1/metrics"));
        }
    }

    @Command(name = "webhooks", description = "Webhook receivers with their sent, failed and dropped events")
    static final class Webhooks extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/webhooks"), new Table().column("URL", "url").column("SENT", "sent")
                    .column("FAILED", "failed").column("DROPPED", "dropped").column("RETRIES", "retries")
                    .column("QUEUED", "queued"), "receivers");
        }
    }

    @Command(name = "adapters", description = "Running adapters and their devices online")
    static final class Adapters extends CtlBase {
        @Override
        int run(ApiClient api) {
            return printList(api.get("/api/v1/adapters"), new Table().column("ADAPTER", "id")
                    .column("DEVICES_ONLINE", "devices_online").column("ERRORS", "errors"), "adapters");
        }
    }
}
