package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;

/** {@code estuary lwm2m list}: every endpoint with a credential, its kind and PSK identity; never keys. */
@Extension
public class ListCommand extends CredentialCommand {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "list: endpoints with a credential (endpoint, kind, PSK identity; never keys)";
    }

    @Override
    String usage() {
        return "usage: estuary lwm2m list";
    }

    @Override
    int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context) {
        args.exactly();
        List<Lwm2mCredentials.Credential> all = credentials.list().stream()
                .sorted(Comparator.comparing(Lwm2mCredentials.Credential::endpoint)).toList();
        PrintWriter out = context.out();
        out.printf("%-32s %-5s %s%n", "ENDPOINT", "KIND", "IDENTITY");
        for (Lwm2mCredentials.Credential c : all) {
            out.printf("%-32s %-5s %s%n", CommandArgs.printable(c.endpoint()), c.kind().name().toLowerCase(Locale.ROOT),
                    c.identity() == null ? "-" : CommandArgs.printable(c.identity()));
        }
        out.println(all.size() + (all.size() == 1 ? " endpoint" : " endpoints"));
        return OK;
    }
}
