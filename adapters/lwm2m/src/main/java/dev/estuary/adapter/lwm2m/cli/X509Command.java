package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import org.pf4j.Extension;

/** {@code estuary lwm2m x509 add ENDPOINT}: the endpoint must present an X.509 certificate whose CN is its name. */
@Extension
public class X509Command extends CredentialCommand {
    @Override
    public String name() {
        return "x509";
    }

    @Override
    public String description() {
        return "x509 add ENDPOINT: the endpoint registers over DTLS with a certificate whose CN is its name";
    }

    @Override
    String usage() {
        return String.join(System.lineSeparator(),
                "usage: estuary lwm2m x509 add ENDPOINT",
                "The endpoint must register over DTLS with an X.509 certificate whose CN is ENDPOINT and that chains",
                "to adapters.lwm2m.dtls.trusted_certificates. Replaces the endpoint's other credential. Remove it",
                "with 'estuary lwm2m del ENDPOINT'.");
    }

    @Override
    int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context) {
        String endpoint = afterAdd(args, "ENDPOINT").get(0);
        Lwm2mCredentials.Credential old = credentials.get(endpoint)
                .filter(c -> c.kind() != Lwm2mCredentials.Kind.X509).orElse(null);
        credentials.putX509(endpoint);
        context.out().println("endpoint '" + endpoint + "': X.509 certificate with CN=" + endpoint
                + replacedNote(old));
        if (!context.config().has("dtls.trusted_certificates")) {
            context.err().println("note: " + context.config().keyPath("dtls.trusted_certificates") + " is not set: "
                    + "the gateway cannot verify client certificates until it is");
        }
        return OK;
    }
}
