package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandContext;
import java.util.List;
import org.pf4j.Extension;

/** Test plugin command {@code echo forget}: deletes what {@link SayCommand} remembered; fails when nothing was. */
@Extension
public class ForgetCommand implements AdapterCommand {
    @Override
    public String adapterId() {
        return "echo";
    }

    @Override
    public String name() {
        return "forget";
    }

    @Override
    public String description() {
        return "forgets the last words";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        if (!context.store().delete("said", "last")) {
            context.err().println("nothing to forget");
            return FAILED;
        }
        return OK;
    }
}
