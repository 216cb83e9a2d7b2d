package dev.estuary.adapter.lwm2m.cli;

import dev.estuary.adapter.lwm2m.security.Lwm2mCredentials;
import dev.estuary.core.spi.AdapterCommand;
import dev.estuary.core.spi.CommandArgs;
import dev.estuary.core.spi.CommandContext;
import java.util.List;
import java.util.Set;

/**
 * What the {@code estuary lwm2m ...} credential commands share: help, argument parsing, and turning a bad argument
 * into a usage error. Each command works on {@link Lwm2mCredentials} over the adapter's store, which the running
 * adapter reads at every handshake and registration. Never prints keys.
 */
abstract class CredentialCommand implements AdapterCommand {
    /** Keys longer than RFC 4279 §5.3's 64 bytes need not be supported by DTLS stacks. */
    static final int MAX_KEY_BYTES = 64;

    @Override
    public final String adapterId() {
        return "lwm2m";
    }

    /** The usage lines of this command. */
    abstract String usage();

    /** Options that take a value. */
    Set<String> options() {
        return Set.of();
    }

    /** Runs with parsed arguments; throws IllegalArgumentException for a usage error. */
    abstract int run(Lwm2mCredentials credentials, CommandArgs args, CommandContext context);

    @Override
    public final int run(List<String> args, CommandContext context) {
        if (!args.isEmpty() && List.of("-h", "--help", "help").contains(args.get(0))) {
            context.out().println(usage());
            return OK;
        }
        try {
            return run(new Lwm2mCredentials(context.store()), CommandArgs.parse(args, options()), context);
        } catch (IllegalArgumentException e) {
            context.err().println("estuary lwm2m " + name() + ": " + e.getMessage());
            context.err().println(usage());
            return USAGE;
        }
    }

    /** The positionals after the verb {@code add}, which must be exactly {@code names}. */
    static List<String> afterAdd(CommandArgs args, String... names) {
        List<String> p = args.positionals();
        if (p.isEmpty() || !p.get(0).equals("add")) {
            throw new IllegalArgumentException(p.isEmpty() ? "missing verb: add"
                    : "unknown verb '" + CommandArgs.printable(p.get(0)) + "': add");
        }
        List<String> rest = new CommandArgs(p.subList(1, p.size()), args.options()).exactly(names);
        for (int i = 0; i < rest.size(); i++) {
            checkName(rest.get(i), names[i]);
        }
        return rest;
    }

    /** Endpoint names and PSK identities: non-empty text without control characters. */
    static String checkName(String value, String what) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be non-empty text without control characters");
        }
        return value;
    }

    /** A note when the endpoint had another credential, which storing this one replaced. */
    static String replacedNote(Lwm2mCredentials.Credential old) {
        return old == null ? "" : " (replaced its " + old.kind().name() + " credential)";
    }
}
