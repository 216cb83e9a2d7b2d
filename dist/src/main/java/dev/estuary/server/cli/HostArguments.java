package dev.estuary.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code estuary ADAPTER [COMMAND ARGS...]} split into the adapter id, the command name, the
 * command's arguments and the options the host consumes wherever they appear before a {@code --}: {@code -c FILE}
 * / {@code --config FILE} and {@code --db FILE} (also written {@code --config=FILE}, {@code --db=FILE}). A
 * {@code --} and everything after it is left to the command.
 *
 * @param adapterId   the first argument
 * @param commandName the second argument (after removing host options), or null
 * @param commandArgs the arguments after the command name
 * @param configFile  the {@code -c} file, or null
 * @param dbFile      the {@code --db} file, or null
 */
record HostArguments(String adapterId, String commandName, List<String> commandArgs, Path configFile, Path dbFile) {

    /** @throws IllegalArgumentException for a host option without its value or given twice */
    static HostArguments parse(String... args) {
        List<String> rest = new ArrayList<>();
        Path config = null;
        Path db = null;
        boolean hostOptions = true;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!hostOptions) {
                rest.add(a);
            } else if (a.equals("--")) {
                hostOptions = false;
                rest.add(a);
            } else if (a.equals("-c") || a.equals("--config") || a.startsWith("--config=")) {
                if (config != null) {
                    throw new IllegalArgumentException("option -c/--config given twice");
                }
                config = Path.of(value(args, i, "--config"));
                i += a.contains("=") ? 0 : 1;
            } else if (a.equals("--db") || a.startsWith("--db=")) {
                if (db != null) {
                    throw new IllegalArgumentException("option --db given twice");
                }
                db = Path.of(value(args, i, "--db"));
                i += a.contains("=") ? 0 : 1;
            } else {
                rest.add(a);
            }
        }
        String name = rest.isEmpty() ? null : rest.remove(0);
        return new HostArguments(args[0], name, List.copyOf(rest), config, db);
    }

    private static String value(String[] args, int i, String option) {
        String a = args[i];
        int eq = a.indexOf('=');
        String v = eq >= 0 ? a.substring(eq + 1) : i + 1 < args.length ? args[i + 1] : null;
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("option " + (eq >= 0 ? option : a) + " needs a FILE");
        }
        return v;
    }

    /** The {@code -c}/{@code --db} options as {@code estuary users} takes them. */
    DatabaseOptions databaseOptions() {
        DatabaseOptions options = new DatabaseOptions();
        options.config = new ConfigOption();
        options.config.file = configFile;
        options.db = dbFile;
        return options;
    }
}
