package dev.estuary.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a command verb split into positionals and {@code --name VALUE} (or {@code --name=VALUE})
 * options. {@code --} ends the options, so a positional may start with '-'. Unknown options, missing values and
 * repeated options are usage errors ({@link IllegalArgumentException} with the message to print). A helper for
 * {@link AdapterCommand} implementations, so every adapter's commands parse their arguments alike.
 *
 * @param positionals the positional arguments in order
 * @param options     option name (with its dashes) to value
 */
public record CommandArgs(List<String> positionals, Map<String, String> options) {

    /**
     * Splits {@code args}.
     *
     * @param valued the option names (with dashes, e.g. {@code --hex}) that take a value
     * @throws IllegalArgumentException on an unknown, valueless or repeated option
     */
    public static CommandArgs parse(List<String> args, Set<String> valued) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean optionsEnd = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnd || a.equals("-") || !a.startsWith("-")) {
                positionals.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnd = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (!valued.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'");
            }
            String value = eq > 0 ? a.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("option " + name + " given twice");
            }
        }
        return new CommandArgs(List.copyOf(positionals), options);
    }

    /** The positionals, which must be exactly {@code names} (for the message). */
    /** @throws IllegalArgumentException when there are more or fewer positionals than names */
    public List<String> exactly(String... names) {
        if (positionals.size() != names.length) {
            throw new IllegalArgumentException(names.length == 0 ? "unexpected argument '" + positionals.get(0) + "'"
                    : "expected " + String.join(" ", names) + (positionals.size() > names.length
                    ? ", got an extra argument '" + positionals.get(names.length) + "'" : ""));
        }
        return positionals;
    }

    /** {@code s} with control characters written as {@code \x{H}}, so stored names cannot garble a terminal. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append("\\x{").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('}');
            } else {
                sb.append((char) c);
            }
        });
        return sb.toString();
    }
}
