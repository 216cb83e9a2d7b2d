package dev.estuary.core.testing;

import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.spi.CommandContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of an adapter command over a given store, with what it printed (for adapters' command tests). */
public record CommandRun(int exitCode, String out, String err) {
    public static CommandRun of(AdapterCommand command, AdapterStore store, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        AdapterConfig config = AdapterRuntime.configOf(EstuaryConfig.DEFAULTS, command.adapterId());
        int code = command.run(List.of(args), new CommandContext() {
            @Override
            public AdapterStore store() {
                return store;
            }

            @Override
            public AdapterConfig config() {
                return config;
            }

            @Override
            public PrintWriter out() {
                return o;
            }

            @Override
            public PrintWriter err() {
                return e;
            }
        });
        return new CommandRun(code, out.toString(), err.toString());
    }
}
