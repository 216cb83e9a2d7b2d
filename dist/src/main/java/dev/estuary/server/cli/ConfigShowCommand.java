package dev.estuary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.estuary.core.config.ConfigLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code estuary config show [-c FILE]}: prints the effective configuration as YAML, every key with its value after
 * defaults and environment overrides, passwords and secrets replaced by {@code <redacted>}. The output is itself a
 * valid configuration file.
 */
@Command(name = "show", description = "Print the effective configuration (every key) as YAML")
public final class ConfigShowCommand implements Callable<Integer> {
    static final String REDACTED = "<redacted>";

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String source = configOption.describe();
        ObjectNode tree = ConfigLoader.toTree(configOption.load());
        redact(tree);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# Effective Estuary configuration: " + source);
        List<String> overrides = configOption.overrides();
        out.println(overrides.isEmpty() ? "# No environment overrides (ESTUARY_SECTION__KEY)"
                : "# Environment overrides: " + String.join(", ", overrides));
        out.print(ConfigLoader.toYaml(tree));
        out.flush();
        return ExitCodes.OK;
    }

    static void redact(JsonNode node) {
        if (node.isArray()) {
            node.forEach(ConfigShowCommand::redact); // webhooks.endpoints[].headers
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        List<String> secret = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            // how passwords are hashed (auth.password_hash_iterations) is a setting, not a secret
            boolean password = key.contains("password") && !key.startsWith("password_hash_");
            boolean sensitive = password || key.contains("secret") || key.endsWith("_key")
                    || key.equals("authorization");
            if (sensitive && e.getValue().isValueNode() && !e.getValue().isNull()) {
                secret.add(e.getKey());
            } else if (key.equals("headers") && e.getValue() instanceof ObjectNode headers) {
                // webhook headers carry tokens (Authorization, X-Api-Key, ...): show the names only
                headers.properties().forEach(h -> h.setValue(TextNode.valueOf(REDACTED)));
            } else {
                redact(e.getValue());
            }
        }
        secret.forEach(k -> object.put(k, REDACTED));
    }
}
