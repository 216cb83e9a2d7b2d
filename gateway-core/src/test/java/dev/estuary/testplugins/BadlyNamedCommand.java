package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandContext;
import java.util.List;
import org.pf4j.Extension;

/** Test plugin command with a name the command line could not type. */
@Extension
public class BadlyNamedCommand implements AdapterCommand {
    @Override
    public String adapterId() {
        return "echo";
    }

    @Override
    public String name() {
        return "Shout Loudly";
    }

    @Override
    public String description() {
        return "invalid name";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        return OK;
    }
}
