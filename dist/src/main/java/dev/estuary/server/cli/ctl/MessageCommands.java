package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ctl publish} and {@code ctl retained [show|delete]}. */
final class MessageCommands {
    private MessageCommands() {
    }

    @Command(name = "publish", description = "Publish a message on the broker's behalf")
    static final class Publish extends CtlBase {
        @Parameters(index = "0", paramLabel = "TOPIC")
        String topic;
        @Parameters(index = "1", paramLabel = "PAYLOAD", arity = "0..1", description = "Text (default: empty)")
        String payload;
        @Option(names = {"-q", "--qos"}, paramLabel = "0|1|2")
        int qos;
        @Option(names = {"-r", "--retain"}, description = "Retain the message")
        boolean retain;
        @Option(names = "--base64", description = "PAYLOAD is Base64 (binary payloads)")
        boolean base64;
        @Option(names = "--content-type", paramLabel = "TYPE")
        String contentType;

        @Override
        int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("topic", topic);
            body.put("payload", payload == null ? "" : payload);
            body.put("payload_encoding", base64 ? "base64" : "plain");
            body.put("qos", qos);
            body.put("retain", retain);
            if (contentType != null) {
                body.put("content_type", contentType);
            }
            JsonNode r = api.post("/api/v1/publish", body);
            return done(r, "published to " + Table.printable(topic) + " (" + r.path("subscribers").asInt()
                    + " subscribers)");
        }
    }

    @Command(name = "retained", description = "List retained messages (--topic FILTER selects)",
            subcommands = {MessageCommands.Show.class, MessageCommands.Delete.class})
    static final class Retained extends CtlBase {
        @Option(names = "--topic", paramLabel = "FILTER", description = "Only topics matching FILTER")
        String topic;
        @Mixin
        ClientCommands.Paging paging;

        @Override
        int run(ApiClient api) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("topic", topic);
            q.putAll(paging.params());
            return printList(api.get(ApiClient.query("/api/v1/retained", q)), new Table().column("TOPIC", "topic")
                    .column("QOS", "qos").column("SIZE", "payload_size").column("PUBLISHER", "publisher")
                    .column("PUBLISHED_AT", "published_at"), "retained messages");
        }
    }

    /** The API path of a retained topic: each level percent-encoded, the slashes kept. */
    static String path(String topic) {
        StringBuilder sb = new StringBuilder("/api/v1/retained");
        for (String level : topic.split("/", -1)) {
            sb.append('/').append(ApiClient.seg(level));
        }
        return sb.toString();
    }

    @Command(name = "show", description = "One retained message with its payload")
    static final class Show extends CtlBase {
        @Parameters(paramLabel = "TOPIC")
        String topic;
        @Option(names = "--raw", description = "Print only the payload (decoded when it is Base64)")
        boolean raw;

        @Override
        int run(ApiClient api) {
            JsonNode m = api.get(path(topic));
            if (raw) {
                String p = m.path("payload").asText();
                out().println(m.path("payload_encoding").asText().equals("base64")
                        ? new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8) : p);
                out().flush();
                return 0;
            }
            return printObject(m);
        }
    }

    @Command(name = "delete", description = "Delete the retained message of a topic")
    static final class Delete extends CtlBase {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @Override
        int run(ApiClient api) {
            api.delete(path(topic));
            return done(null, "deleted the retained message of " + Table.printable(topic));
        }
    }
}
