package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/** {@code estuary lwm2m psk add ENDPOINT IDENTITY HEXKEY}: a DTLS pre-shared key for an endpoint. */
@Extension
public class PskCommand extends CredentialCommand {
    @Override
    public String name() {
        return "psk";
    }

    @Override
    public String description() {
        return "psk add ENDPOINT IDENTITY HEXKEY: the endpoint registers over DTLS with this pre-shared key";
    }

    @Override
    String usage() {
        return String.join(System.lineSeparator(),
                "usage: estuary lwm2m psk add ENDPOINT IDENTITY HEXKEY",
                "The endpoint must register over DTLS with PSK identity IDENTITY and the key HEXKEY (1.."
                        + MAX_KEY_BYTES + " bytes in hex). Replaces the endpoint's other credential; an identity",
                "belongs to one endpoint. Remove it with 'estuary lwm2m del ENDPOINT'.");
    }

    @Override
    int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context) {
        List<String> p = afterAdd(args, "ENDPOINT", "IDENTITY", "HEXKEY");
        String endpoint = p.get(0);
        String identity = p.get(1);
        byte[] key = parseKey(p.get(2));
        Optional<Lwm2mCredentials.Credential> owner = credentials.byPskIdentity(identity)
                .filter(c -> !c.endpoint().equals(endpoint));
        if (owner.isPresent()) {
            context.err().println("estuary lwm2m psk: PSK identity '" + identity + "' already belongs to endpoint '"
                    + CommandArgs.printable(owner.get().endpoint()) + "'");
            return FAILED;
        }
        Lwm2mCredentials.Credential old = credentials.get(endpoint).filter(c -> c.kind()
                != Lwm2mCredentials.Kind.PSK).orElse(null);
        credentials.putPsk(endpoint, identity, key);
        context.out().println("endpoint '" + endpoint + "': PSK identity '" + identity + "' (" + key.length
                + "-byte key)" + replacedNote(old));
        return OK;
    }

    private static byte[] parseKey(String hex) {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        h = h.replace(":", "");
        if (h.isEmpty() || h.length() % 2 != 0 || h.length() / 2 > MAX_KEY_BYTES
                || !h.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            throw new IllegalArgumentException("HEXKEY must be 1.." + MAX_KEY_BYTES + " bytes as an even number of "
                    + "hex digits (e.g. 00112233aabb)");
        }
        return HexFormat.of().parseHex(h);
    }
}
