package dev.estuary.adapter.coap.cli;

import dev.estuary.adapter.coap.PskStore;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code estuary coap psk add|del|list}: the DTLS pre-shared keys of CoAP devices in the gateway's database
 * ({@link PskStore}). The adapter reads them at every handshake, so a running gateway uses a change at the next
 * handshake. {@code list} prints identities only, never keys.
 */
@Extension
public class PskCommand implements AdapterCommand {
    static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: estuary coap psk add IDENTITY (--hex HEX | --text SECRET)",
            "       estuary coap psk del IDENTITY",
            "       estuary coap psk list",
            "IDENTITY is the device's DTLS PSK identity, which is also its device id. The key is given in hex",
            "(--hex 00112233...) or as text whose UTF-8 bytes are the key (--text ...), 1.." + PskStore.MAX_KEY_BYTES
                    + " bytes. A change applies to the next DTLS handshake.");

    @Override
    public String adapterId() {
        return "coap";
    }

    @Override
    public String name() {
        return "psk";
    }

    @Override
    public String description() {
        return "DTLS pre-shared keys of devices: add IDENTITY (--hex HEX | --text SECRET), del IDENTITY, list";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        String verb = args.isEmpty() ? "" : args.get(0);
        if (verb.equals("-h") || verb.equals("--help") || verb.equals("help")) {
            context.out().println(USAGE_TEXT);
            return OK;
        }
        PskStore psks = new PskStore(context.store());
        try {
            CommandArgs a = CommandArgs.parse(args.subList(Math.min(1, args.size()), args.size()),
                    verb.equals("add") ? Set.of("--hex", "--text") : Set.of());
            switch (verb) {
                case "add":
                    return add(psks, a, context.out());
                case "del":
                    return del(psks, a.exactly("IDENTITY").get(0), context);
                case "list":
                    a.exactly();
                    return list(psks, context.out());
                default:
                    throw new IllegalArgumentException(verb.isEmpty() ? "missing verb: add, del or list"
                            : "unknown verb '" + CommandArgs.printable(verb) + "': add, del or list");
            }
        } catch (IllegalArgumentException e) {
            context.err().println("estuary coap psk: " + e.getMessage());
            context.err().println(USAGE_TEXT);
            return USAGE;
        }
    }

    private static int add(PskStore psks, CommandArgs a, PrintWriter out) {
        String identity = a.exactly("IDENTITY").get(0);
        checkIdentity(identity);
        String hex = a.options().get("--hex");
        String text = a.options().get("--text");
        if ((hex == null) == (text == null)) {
            throw new IllegalArgumentException("give the key with exactly one of --hex HEX or --text SECRET");
        }
        byte[] key = hex != null ? parseHex(hex) : text.getBytes(StandardCharsets.UTF_8);
        boolean replaced = psks.key(identity).isPresent();
        psks.add(identity, key);
        out.println((replaced ? "replaced the key of PSK identity '" : "added PSK identity '") + identity + "' ("
                + key.length + "-byte key)");
        return OK;
    }

    private static int del(PskStore psks, String identity, CommandContext context) {
        if (!psks.remove(identity)) {
            context.err().println("estuary coap psk: no PSK identity '" + CommandArgs.printable(identity) + "'");
            return FAILED;
        }
        context.out().println("deleted PSK identity '" + CommandArgs.printable(identity) + "'");
        return OK;
    }

    private static int list(PskStore psks, PrintWriter out) {
        List<String> identities = psks.identities();
        out.println("IDENTITY");
        identities.forEach(id -> out.println(CommandArgs.printable(id)));
        out.println(identities.size() + (identities.size() == 1 ? " identity" : " identities"));
        return OK;
    }

    private static void checkIdentity(String identity) {
        if (identity.isEmpty() || identity.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a PSK identity must be non-empty text without control characters");
        }
    }

    /** Hex digits in any case, optionally with a 0x prefix or ':' between bytes (as openssl prints them). */
    static byte[] parseHex(String hex) {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        h = h.replace(":", "");
        if (h.isEmpty() || h.length() % 2 != 0 || !h.chars().allMatch(PskCommand::isHexDigit)) {
            throw new IllegalArgumentException("--hex needs an even number of hex digits (e.g. 00112233aabb)");
        }
        return HexFormat.of().parseHex(h);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
