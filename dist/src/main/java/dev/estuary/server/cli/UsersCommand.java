package dev.estuary.server.cli;

import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.auth.SqliteUserStore;
import dev.estuary.core.auth.User;
import dev.estuary.core.auth.UserStore;
import dev.estuary.core.store.Database;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code estuary users add|passwd|del|list}: manages the users in {@code estuary.db}. A running gateway picks the
 * change up within {@code auth.reload_interval}; no restart.
 */
@Command(name = "users", description = "Manage the users that can log in with a password",
        subcommands = {UsersCommand.Add.class, UsersCommand.Passwd.class, UsersCommand.Del.class,
            UsersCommand.ListUsers.class})
public final class UsersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code work} on the user store of the selected database, turning failures into exit code 1. */
    static int withUsers(CommandSpec spec, DatabaseOptions db, Function<UserStore, Integer> work) {
        try (Database d = db.open()) {
            return work.apply(new SqliteUserStore(d, Clock.systemUTC()));
        } catch (CliException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** The password options shared by add and passwd. */
    static final class PasswordOptions {
        @Option(names = {"-p", "--password"}, arity = "0..1", interactive = true, paramLabel = "PASSWORD",
                description = "The password (give -p alone to be prompted)")
        char[] password;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input")
        boolean fromStdin;

        byte[] read() {
            char[] pw = password;
            if (fromStdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    pw = line == null ? null : line.toCharArray();
                } catch (IOException e) {
                    throw new CliException("cannot read the password from standard input: " + e.getMessage());
                }
            } else if (pw == null) {
                pw = prompt();
            }
            if (pw == null || pw.length == 0) {
                throw new CliException("a non-empty password is required (-p PASSWORD, -p to be prompted, or "
                        + "--password-stdin)");
            }
            byte[] bytes = new String(pw).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(pw, '\0');
            return bytes;
        }

        private static char[] prompt() {
            Console console = System.console();
            if (console == null) {
                return null;
            }
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new CliException("the passwords do not match");
            }
            return first;
        }
    }

    /** {@code users add NAME}. */
    @Command(name = "add", description = "Add a user")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = "--superuser", description = "ACL rules do not apply to this user")
        boolean superuser;
        @Parameters(paramLabel = "NAME", description = "The username")
        String name;
        @Mixin
        PasswordOptions password;

        @Override
        public Integer call() {
            return withUsers(spec, db, users -> {
                byte[] pw = password.read();
                String hash = new PasswordHasher(db.hashIterations()).hash(pw);
                if (!users.add(name, hash, superuser)) {
                    throw new CliException("user '" + Text.printable(name) + "' exists (use 'users passwd' to "
                            + "change the password)");
                }
                spec.commandLine().getOut().println("added user '" + Text.printable(name) + "'"
                        + (superuser ? " (superuser)" : ""));
                return ExitCodes.OK;
            });
        }
    }

    /** {@code users passwd NAME}. */
    @Command(name = "passwd", description = "Change a user's password (and optionally the superuser flag)")
    static final class Passwd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = "--superuser", arity = "1", paramLabel = "true|false",
                description = "Also set or clear the superuser flag")
        Boolean superuser;
        @Parameters(paramLabel = "NAME", description = "The username")
        String name;
        @Mixin
        PasswordOptions password;

        @Override
        public Integer call() {
            return withUsers(spec, db, users -> {
                if (users.find(name).isEmpty()) {
                    throw new CliException("no user '" + Text.printable(name) + "'");
                }
                byte[] pw = password.read();
                users.setPassword(name, new PasswordHasher(db.hashIterations()).hash(pw));
                if (superuser != null) {
                    users.setSuperuser(name, superuser);
                }
                spec.commandLine().getOut().println("changed user '" + Text.printable(name) + "'");
                return ExitCodes.OK;
            });
        }
    }

    /** {@code users del NAME}. */
    @Command(name = "del", description = "Delete a user")
    static final class Del implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Parameters(paramLabel = "NAME", description = "The username")
        String name;

        @Override
        public Integer call() {
            return withUsers(spec, db, users -> {
                if (!users.delete(name)) {
                    throw new CliException("no user '" + Text.printable(name) + "'");
                }
                spec.commandLine().getOut().println("deleted user '" + Text.printable(name) + "'");
                return ExitCodes.OK;
            });
        }
    }

    /** {@code users list}. */
    @Command(name = "list", description = "List the users")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;

        @Override
        public Integer call() {
            return withUsers(spec, db, users -> {
                PrintWriter out = spec.commandLine().getOut();
                List<User> all = users.list();
                out.printf("%-32s %-9s %-24s %s%n", "USERNAME", "SUPERUSER", "CREATED", "UPDATED");
                for (User u : all) {
                    out.printf("%-32s %-9s %-24s %s%n", Text.printable(u.username()), u.superuser() ? "yes" : "no",
                            Instant.ofEpochMilli(u.createdAtMillis()), Instant.ofEpochMilli(u.updatedAtMillis()));
                }
                out.println(all.size() + (all.size() == 1 ? " user" : " users"));
                return ExitCodes.OK;
            });
        }
    }
}
