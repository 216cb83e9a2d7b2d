package dev.estuary.server.cli;

import dev.estuary.core.acl.AclAction;
import dev.estuary.core.acl.AclConf;
import dev.estuary.core.acl.AclRule;
import dev.estuary.core.acl.AclStore;
import dev.estuary.core.acl.AclSyntaxException;
import dev.estuary.core.acl.AclTopic;
import dev.estuary.core.acl.Permission;
import dev.estuary.core.acl.SqliteAclStore;
import dev.estuary.core.acl.Who;
import dev.estuary.core.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code estuary acl add|del|list|import|export}: manages the ACL rules in {@code estuary.db}, in the
 * EMQX/Mosquitto acl.conf syntax. A running gateway picks the change up within {@code auth.reload_interval}.
 */
@Command(name = "acl", description = "Manage the ACL rules (first match wins)",
        subcommands = {AclCommand.Add.class, AclCommand.Del.class, AclCommand.ListRules.class,
            AclCommand.Import.class, AclCommand.Export.class})
public final class AclCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int withRules(CommandSpec spec, DatabaseOptions db, Function<AclStore, Integer> work) {
        try (Database d = db.open()) {
            return work.apply(new SqliteAclStore(d));
        } catch (CliException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    static void print(PrintWriter out, List<AclRule> rules) {
        out.printf("%5s %4s  %s%n", "ID", "POS", "RULE");
        for (int i = 0; i < rules.size(); i++) {
            out.printf("%5d %4d  %s.%n", rules.get(i).id(), i + 1, Text.printable(rules.get(i).toString()));
        }
    }

    /** {@code acl add}. */
    @Command(name = "add", description = {"Add a rule, written as in acl.conf or with the options:",
        "  estuary acl add '{allow, {user, \"bob\"}, publish, [\"sensors/bob/#\"]}'",
        "  estuary acl add --deny --who all --action subscribe --topic '$SYS/#' --eq '#' --position 1"})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Parameters(arity = "0..1", paramLabel = "RULE", description = "The rule in acl.conf syntax")
        String rule;
        @Option(names = "--allow", description = "Allow (the default)")
        boolean allow;
        @Option(names = "--deny", description = "Deny")
        boolean deny;
        @Option(names = "--who", paramLabel = "WHO", defaultValue = "all",
                description = "all, user:NAME, clientid:ID or ipaddr:ADDR[/PREFIX] (default: all)")
        String who;
        @Option(names = "--action", paramLabel = "ACTION", defaultValue = "all",
                description = "publish, subscribe or all (default: all)")
        String action;
        @Option(names = "--topic", paramLabel = "FILTER", description = "A topic filter (repeatable; %u %c %a %d)")
        List<String> topics = new ArrayList<>();
        @Option(names = "--eq", paramLabel = "TOPIC", description = "A topic matched literally (repeatable)")
        List<String> exact = new ArrayList<>();
        @Option(names = "--position", paramLabel = "N", description = "Insert as the N-th rule (default: last)")
        Integer position;

        @Override
        public Integer call() {
            return withRules(spec, db, store -> {
                AclRule r = rule != null ? fromText() : fromOptions();
                AclRule stored = position == null ? store.add(r) : store.insert(position, r);
                spec.commandLine().getOut().println("added rule " + stored.id() + ": "
                        + Text.printable(stored.toString()) + ".");
                return ExitCodes.OK;
            });
        }

        private AclRule fromText() {
            if (allow || deny || !topics.isEmpty() || !exact.isEmpty()) {
                throw new CliException("give the rule either as text or with options, not both");
            }
            try {
                return AclConf.parseRule(rule);
            } catch (AclSyntaxException e) {
                throw new CliException("rule: " + e.getMessage());
            }
        }

        private AclRule fromOptions() {
            if (allow && deny) {
                throw new CliException("--allow and --deny exclude each other");
            }
            if (position != null && position < 1) {
                throw new CliException("--position counts from 1");
            }
            try {
                List<AclTopic> ts = new ArrayList<>();
                topics.forEach(t -> ts.add(AclTopic.filter(t)));
                exact.forEach(t -> ts.add(AclTopic.eq(t)));
                return AclRule.of(deny ? Permission.DENY : Permission.ALLOW, who(), AclAction.parse(action), ts);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }

        private Who who() {
            if (who.equals("all")) {
                return Who.all();
            }
            int colon = who.indexOf(':');
            if (colon < 0) {
                throw new CliException("--who must be all, user:NAME, clientid:ID or ipaddr:ADDR (was '" + who + "')");
            }
            return new Who(Who.Kind.parse(who.substring(0, colon)), who.substring(colon + 1));
        }
    }

    /** {@code acl del ID...}. */
    @Command(name = "del", description = "Delete rules by id (see acl list)")
    static final class Del implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Rule ids")
        List<Long> ids;

        @Override
        public Integer call() {
            return withRules(spec, db, store -> {
                int missing = 0;
                for (long id : ids) {
                    if (store.delete(id)) {
                        spec.commandLine().getOut().println("deleted rule " + id);
                    } else {
                        spec.commandLine().getErr().println("error: no rule " + id);
                        missing++;
                    }
                }
                return missing == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            });
        }
    }

    /** {@code acl list}. */
    @Command(name = "list", description = "List the rules in evaluation order")
    static final class ListRules implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;

        @Override
        public Integer call() {
            return withRules(spec, db, store -> {
                List<AclRule> rules = store.list();
                print(spec.commandLine().getOut(), rules);
                spec.commandLine().getOut().println(rules.size() + (rules.size() == 1 ? " rule" : " rules"));
                return ExitCodes.OK;
            });
        }
    }

    /** {@code acl import FILE}. */
    @Command(name = "import", description = "Replace the rules with those of an acl.conf file (or append them)")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Parameters(paramLabel = "FILE", description = "An acl.conf file")
        Path file;
        @Option(names = "--append", description = "Add after the existing rules instead of replacing them")
        boolean append;

        @Override
        public Integer call() {
            String text;
            List<AclRule> rules;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: cannot read " + file + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
            try {
                rules = AclConf.parse(text);
            } catch (AclSyntaxException e) {
                spec.commandLine().getErr().println(file + ":" + e.line() + ":" + e.column() + ": " + e.problem());
                spec.commandLine().getErr().println("error: nothing imported");
                return ExitCodes.FAILED;
            }
            return withRules(spec, db, store -> {
                if (append) {
                    rules.forEach(store::add);
                } else {
                    store.replaceAll(rules);
                }
                spec.commandLine().getOut().println((append ? "appended " : "imported ") + rules.size()
                        + (rules.size() == 1 ? " rule" : " rules") + " from " + file);
                return ExitCodes.OK;
            });
        }
    }

    /** {@code acl export [-o FILE]}. */
    @Command(name = "export", description = "Write the rules as an acl.conf file (to standard output by default)")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions db;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE")
        Path output;

        @Override
        public Integer call() {
            return withRules(spec, db, store -> {
                String text = AclConf.format(store.list());
                if (output == null) {
                    spec.commandLine().getOut().print(text);
                    spec.commandLine().getOut().flush();
                    return ExitCodes.OK;
                }
                try {
                    Files.writeString(output, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException("cannot write " + output + ": " + e.getMessage());
                }
                return ExitCodes.OK;
            });
        }
    }
}
