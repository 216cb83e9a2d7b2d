package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.security.PublicKey;
import java.util.List;
import org.pf4j.Extension;

/** {@code estuary lwm2m rpk add ENDPOINT BASE64_DER_PUBLIC_KEY}: a raw public key for an endpoint. */
@Extension
public class RpkCommand extends CredentialCommand {
    @Override
    public String name() {
        return "rpk";
    }

    @Override
    public String description() {
        return "rpk add ENDPOINT BASE64_DER_PUBLIC_KEY: the endpoint registers over DTLS with this raw public key";
    }

    @Override
    String usage() {
        return String.join(System.lineSeparator(),
                "usage: estuary lwm2m rpk add ENDPOINT BASE64_DER_PUBLIC_KEY",
                "The endpoint must register over DTLS with the raw public key whose X.509 SubjectPublicKeyInfo DER",
                "is given in base64, e.g. from: openssl pkey -in key.pem -pubout -outform DER | base64 -w0",
                "Replaces the endpoint's other credential. Remove it with 'estuary lwm2m del ENDPOINT'.");
    }

    @Override
    int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context) {
        List<String> p = afterAdd(args, "ENDPOINT", "BASE64_DER_PUBLIC_KEY");
        String endpoint = p.get(0);
        PublicKey key;
        try {
            key = Lwm2mCredentials.publicKey("EC", p.get(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BASE64_DER_PUBLIC_KEY is not a base64 X.509 SubjectPublicKeyInfo "
                    + "(DER) public key");
        }
        Lwm2mCredentials.Credential old = credentials.get(endpoint)
                .filter(c -> c.kind() != Lwm2mCredentials.Kind.RPK).orElse(null);
        credentials.putRpk(endpoint, key);
        context.out().println("endpoint '" + endpoint + "': raw public key (" + key.getAlgorithm() + ")"
                + replacedNote(old));
        return OK;
    }
}
