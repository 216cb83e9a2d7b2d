package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl clients}, {@code ctl kick}, {@code ctl subscriptions}, {@code ctl topics}. */
final class ClientCommands {
    private ClientCommands() {
    }

    /** Paging options shared by the list commands. */
    static final class Paging {
        @Option(names = "--page", paramLabel = "N", description = "Page (from 1)")
        Integer page;
        @Option(names = "--limit", paramLabel = "N", description = "Items per page (default 100)")
        Integer limit;

        Map<String, Object> params() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("page", page);
            m.put("limit", limit);
            return m;
        }
    }

    static Table clientTable() {
        return new Table().column("CLIENTID", "clientid").column("USERNAME", "username")
                .column("CONNECTED", "connected").column("IP", "ipaddress").column("PROTOCOL", "protocol")
                .column("VER", "proto_ver").column("LISTENER", "listener").column("ADAPTER", "adapter")
                .column("SUBS", "subscriptions").column("QUEUED", "queued");
    }

    @Command(name = "clients", description = "List clients and devices (filters: --clientid, --like-clientid, "
            + "--username, --adapter, --ip, --protocol, --connected)",
            subcommands = {ClientCommands.Show.class, ClientCommands.Subscribe.class})
    static final class Clients extends CtlBase {
        @Option(names = "--clientid", paramLabel = "ID", description = "This client id")
        String clientId;
        @Option(names = "--like-clientid", paramLabel = "TEXT", description = "Client ids containing TEXT")
        String likeClientId;
        @Option(names = "--username", paramLabel = "NAME", description = "This username")
        String username;
        @Option(names = "--adapter", paramLabel = "ID", description = "Devices of this adapter ('*': any device)")
        String adapter;
        @Option(names = "--ip", paramLabel = "ADDR[/PREFIX]", description = "From this address or block")
        String ip;
        @Option(names = "--protocol", paramLabel = "NAME", description = "mqtt, coap, lwm2m, ...")
        String protocol;
        @Option(names = "--connected", arity = "1", paramLabel = "true|false", description = "Only connected "
                + "clients, or only kept sessions")
        Boolean connected;
        @picocli.CommandLine.Mixin
        Paging paging;

        @Override
        int run(ApiClient api) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("clientid", clientId);
            q.put("like_clientid", likeClientId);
            q.put("username", username);
            q.put("adapter", adapter);
            q.put("ip", ip);
            q.put("protocol", protocol);
            q.put("connected", connected);
            q.putAll(paging.params());
            return printList(api.get(ApiClient.query("/api/v1/clients", q)), clientTable(), "clients");
        }
    }

    @Command(name = "show", description = "One client's details and subscriptions")
    static final class Show extends CtlBase {
        @Parameters(paramLabel = "CLIENTID")
        String clientId;

        @Override
        int run(ApiClient api) {
            JsonNode c = api.get("/api/v1/clients/" + ApiClient.seg(clientId));
            JsonNode subs = api.get("/api/v1/clients/" + ApiClient.seg(clientId) + "/subscriptions");
            if (json()) {
                com.fasterxml.jackson.databind.node.ObjectNode both = ((com.fasterxml.jackson.databind.node
                        .ObjectNode) c).deepCopy();
                both.set("subscription_list", subs);
                printJson(both);
                return 0;
            }
            Table.printObject(out(), c);
            if (!subs.isEmpty()) {
                out().println();
                new Table().column("TOPIC", "topic").column("QOS", "qos").column("NL", "nl").column("RAP", "rap")
                        .column("RH", "rh").print(out(), subs);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "subscribe", description = "Subscribe a connected client to a topic filter on its behalf")
    static final class Subscribe extends CtlBase {
        @Parameters(index = "0", paramLabel = "CLIENTID")
        String clientId;
        @Parameters(index = "1", paramLabel = "FILTER")
        String topic;
        @Option(names = {"-q", "--qos"}, paramLabel = "0|1|2", description = "Maximum QoS (default 0)")
        int qos;

        @Override
        int run(ApiClient api) {
            JsonNode r = api.post("/api/v1/clients/" + ApiClient.seg(clientId) + "/subscribe",
                    Map.of("topic", topic, "qos", qos));
            return done(r, "subscribed '" + Table.printable(clientId) + "' to " + Table.printable(topic) + " (QoS "
                    + r.path("qos").asInt() + ")");
        }
    }

    @Command(name = "kick", description = "Disconnect a client (MQTT 5: DISCONNECT 0x98, administrative action)")
    static final class Kick extends CtlBase {
        @Parameters(paramLabel = "CLIENTID")
        String clientId;

        @Override
        int run(ApiClient api) {
            api.delete("/api/v1/clients/" + ApiClient.seg(clientId));
            return done(null, "kicked '" + Table.printable(clientId) + "'");
        }
    }

    @Command(name = "subscriptions", description = "List subscriptions (filters: --clientid, --topic, "
            + "--match-topic, --qos, --share-group)")
    static final class Subscriptions extends CtlBase {
        @Option(names = "--clientid", paramLabel = "ID")
        String clientId;
        @Option(names = "--topic", paramLabel = "FILTER", description = "Exactly this filter, as subscribed")
        String topic;
        @Option(names = "--match-topic", paramLabel = "TOPIC", description = "Subscriptions that receive TOPIC")
        String matchTopic;
        @Option(names = "--qos", paramLabel = "0|1|2")
        Integer qos;
        @Option(names = "--share-group", paramLabel = "GROUP")
        String shareGroup;
        @picocli.CommandLine.Mixin
        Paging paging;

        @Override
        int run(ApiClient api) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("clientid", clientId);
            q.put("topic", topic);
            q.put("match_topic", matchTopic);
            q.put("qos", qos);
            q.put("share_group", shareGroup);
            q.putAll(paging.params());
            return printList(api.get(ApiClient.query("/api/v1/subscriptions", q)), new Table()
                    .column("CLIENTID", "clientid").column("TOPIC", "topic").column("QOS", "qos").column("NL", "nl")
                    .column("RAP", "rap").column("RH", "rh").column("SHARE_GROUP", "share_group"), "subscriptions");
        }
    }

    @Command(name = "topics", description = "Subscribed topic filters with their number of subscriptions")
    static final class Topics extends CtlBase {
        @Option(names = "--match-topic", paramLabel = "TOPIC", description = "Filters that match TOPIC")
        String matchTopic;
        @picocli.CommandLine.Mixin
        Paging paging;

        @Override
        int run(ApiClient api) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("match_topic", matchTopic);
            q.putAll(paging.params());
            return printList(api.get(ApiClient.query("/api/v1/topics", q)), new Table().column("TOPIC", "topic")
                    .column("SUBSCRIPTIONS", "subscriptions"), "topics");
        }
    }
}
