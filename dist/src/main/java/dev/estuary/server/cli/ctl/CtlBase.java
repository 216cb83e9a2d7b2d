package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.server.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code estuary ctl} command shares: the API client from {@link CtlOptions}, output as a table or as
 * JSON ({@code --json}), and failures as one line on stderr with exit code 5.
 */
abstract class CtlBase implements Callable<Integer> {
    @Mixin
    CtlOptions options;

    @Spec
    CommandSpec spec;

    private ApiClient client;

    /** The command's work; returns the exit code. */
    abstract int run(ApiClient api);

    @Override
    public final Integer call() {
        try {
            return run(api());
        } catch (CtlException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.FAILED;
        }
    }

    ApiClient api() {
        if (client == null) {
            client = new ApiClient(options.baseUrl(), options.credentials());
        }
        return client;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean json() {
        return options.json;
    }

    /** Prints {@code node} as indented JSON. */
    void printJson(JsonNode node) {
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    /** A list answer: JSON as is, or the table and a count line ("3 clients", "page 1 of 250 clients"). */
    int printList(JsonNode answer, Table table, String noun) {
        if (json()) {
            printJson(answer);
            return ExitCodes.OK;
        }
        JsonNode rows = answer.has("data") ? answer.get("data") : answer;
        table.print(out(), rows);
        JsonNode meta = answer.get("meta");
        if (meta != null && meta.get("hasnext").asBoolean()) {
            out().println(rows.size() + " of " + meta.get("count").asInt() + " " + noun + " (page "
                    + meta.get("page").asInt() + "; --page N for more)");
        } else {
            out().println(rows.size() + " " + noun);
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** One object: JSON as is, or key/value lines. */
    int printObject(JsonNode answer) {
        if (json()) {
            printJson(answer);
        } else {
            Table.printObject(out(), answer);
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** A confirmation line (or the JSON answer with {@code --json}). */
    int done(JsonNode answer, String message) {
        if (json() && answer != null && !answer.isMissingNode()) {
            printJson(answer);
        } else {
            out().println(message);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
