package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import org.pf4j.Extension;

/** {@code estuary lwm2m del ENDPOINT}: removes an endpoint's credential (it may then register on plain CoAP). */
@Extension
public class DelCommand extends CredentialCommand {
    @Override
    public String name() {
        return "del";
    }

    @Override
    public String description() {
        return "del ENDPOINT: removes the endpoint's credential (PSK, RPK or X.509)";
    }

    @Override
    String usage() {
        return String.join(System.lineSeparator(),
                "usage: estuary lwm2m del ENDPOINT",
                "Removes the endpoint's DTLS credential. Its next DTLS handshake fails; an endpoint without a",
                "credential may register on plain CoAP.");
    }

    @Override
    int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context) {
        String endpoint = args.exactly("ENDPOINT").get(0);
        if (!credentials.remove(endpoint)) {
            context.err().println("estuary lwm2m del: endpoint '" + CommandArgs.printable(endpoint)
                    + "' has no credential");
            return FAILED;
        }
        context.out().println("deleted the credential of endpoint '" + CommandArgs.printable(endpoint) + "'");
        return OK;
    }
}
