package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pf4j.Extension;

/** Test plugin command {@code echo say WORDS...}: prints its words and keeps them in the adapter's store. */
@Extension
public class SayCommand implements AdapterCommand {
    @Override
    public String adapterId() {
        return "echo";
    }

    @Override
    public String name() {
        return "say";
    }

    @Override
    public String description() {
        return "prints its words and remembers them";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        if (args.isEmpty()) {
            context.err().println("usage: echo say WORDS...");
            return USAGE;
        }
        String words = String.join(" ", args);
        context.store().put("said", "last", words.getBytes(StandardCharsets.UTF_8));
        context.out().println(context.config().getString("prefix", "") + words);
        return OK;
    }
}
