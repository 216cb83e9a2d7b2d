package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandContext;
import java.util.List;
import org.pf4j.Extension;

/** Test plugin command whose constructor fails. */
@Extension
public class UnconstructibleCommand implements AdapterCommand {
    public UnconstructibleCommand() {
        throw new IllegalStateException("no frobnicator");
    }

    @Override
    public String adapterId() {
        return "broken";
    }

    @Override
    public String name() {
        return "fix";
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        return OK;
    }
}
