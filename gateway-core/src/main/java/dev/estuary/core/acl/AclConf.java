package dev.estuary.core.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the EMQX/Mosquitto-style {@code acl.conf} format, one Erlang term per rule:
 *
 * <pre>
 * %% comments start with %
 * {allow, {user, "dashboard"}, subscribe, ["$SYS/#"]}.
 * {allow, {ipaddr, "127.0.0.1"}, all, ["$SYS/#", "#"]}.
 * {deny, all, subscribe, ["$SYS/#", {eq, "#"}]}.
 * {allow, all}.
 * </pre>
 *
 * Who is {@code all}, {@code {user, "name"}} ({@code username} also accepted), {@code {clientid, "id"}}
 * ({@code client} also accepted), {@code {ipaddr, "addr[/prefix]"}} or, an Estuary extension for devices behind
 * adapters, {@code {adapter, "coap"}} / {@code {adapter, "*"}}; the action is {@code publish},
 * {@code subscribe} or {@code all} ({@code pubsub} also accepted); a topic is a string or {@code {eq, "string"}}.
 * Strings take Erlang escapes ({@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \xHH}, {@code \x{H...}},
 * octal). {@link #format} writes what {@link #parse} reads, so an exported file imports to the same rules.
 */
public final class AclConf {
    private AclConf() {
    }

    /**
     * Parses a whole file.
     *
     * @throws AclSyntaxException naming the line and column of the first problem
     */
    public static List<AclRule> parse(String text) {
        return new Parser(text).rules();
    }

    /** Parses one rule, with or without its final dot (the {@code estuary acl add} argument). */
    public static AclRule parseRule(String text) {
        String t = text.strip();
        List<AclRule> rules = parse(t.endsWith(".") ? t : t + ".");
        if (rules.size() != 1) {
            throw new AclSyntaxException(1, 1, "expected exactly one rule, found " + rules.size());
        }
        return rules.get(0);
    }

    /** The whole rule list as a file, with a header comment. */
    public static String format(List<AclRule> rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("%% Estuary ACL rules: the first rule that matches decides (see docs/security.md).\n");
        for (AclRule r : rules) {
            sb.append(format(r)).append(".\n");
        }
        return sb.toString();
    }

    /** One rule as a term, without the final dot. */
    public static String format(AclRule r) {
        StringBuilder sb = new StringBuilder("{").append(r.permission().label()).append(", ");
        Who w = r.who();
        if (w.kind() == Who.Kind.ALL) {
            sb.append("all");
        } else {
            sb.append('{').append(w.kind().label()).append(", ");
            quote(sb, w.value());
            sb.append('}');
        }
        if (r.allTopics()) {
            return sb.append('}').toString();
        }
        sb.append(", ").append(r.action().label()).append(", [");
        for (int i = 0; i < r.topics().size(); i++) {
            AclTopic t = r.topics().get(i);
            if (i > 0) {
                sb.append(", ");
            }
            if (t.exact()) {
                sb.append("{eq, ");
                quote(sb, t.filter());
                sb.append('}');
            } else {
                quote(sb, t.filter());
            }
        }
        return sb.append("]}").toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)));
                    if (c < 0x20 || c == 0x7F || lone) {
                        sb.append("\\x{").append(Integer.toHexString(c).toUpperCase()).append('}');
                    } else if (Character.isHighSurrogate(c)) {
                        sb.append(c).append(s.charAt(++i));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** A recursive-descent parser over {@link Lexer} tokens. */
    private static final class Parser {
        private final Lexer lexer;
        private Lexer.Token tok;

        Parser(String text) {
            this.lexer = new Lexer(text);
            this.tok = lexer.next();
        }

        List<AclRule> rules() {
            List<AclRule> out = new ArrayList<>();
            while (tok.kind() != Lexer.Kind.EOF) {
                out.add(rule());
                expect(Lexer.Kind.DOT, "'.' after the rule");
            }
            return out;
        }

        private AclRule rule() {
            expect(Lexer.Kind.LBRACE, "'{' to start a rule");
            Lexer.Token permTok = atom("allow or deny");
            Permission permission = convert(permTok, () -> Permission.parse(permTok.text()));
            expect(Lexer.Kind.COMMA, "',' after the permission");
            Who who = who();
            if (tok.kind() == Lexer.Kind.RBRACE) {
                advance();
                return AclRule.everything(permission, who);
            }
            expect(Lexer.Kind.COMMA, "',' or '}' after who");
            Lexer.Token actionTok = atom("publish, subscribe or all");
            AclAction action = convert(actionTok, () -> AclAction.parse(actionTok.text()));
            expect(Lexer.Kind.COMMA, "',' after the action");
            Lexer.Token listTok = tok;
            List<AclTopic> topics = topics();
            expect(Lexer.Kind.RBRACE, "'}' to end the rule");
            return convert(listTok, () -> AclRule.of(permission, who, action, topics));
        }

        private Who who() {
            if (tok.kind() == Lexer.Kind.ATOM) {
                Lexer.Token t = tok;
                if (!t.text().equals("all")) {
                    throw error(t, "expected all or {user|clientid|ipaddr, \"...\"}, found " + t.describe());
                }
                advance();
                return Who.all();
            }
            expect(Lexer.Kind.LBRACE, "all or {user|clientid|ipaddr, \"...\"}");
            Lexer.Token kindTok = atom("user, clientid or ipaddr");
            Who.Kind kind = convert(kindTok, () -> Who.Kind.parse(kindTok.text()));
            if (kind == Who.Kind.ALL) {
                throw error(kindTok, "write all without braces");
            }
            expect(Lexer.Kind.COMMA, "',' after " + kindTok.text());
            Lexer.Token value = string("a quoted " + kind.label());
            expect(Lexer.Kind.RBRACE, "'}' after the " + kind.label());
            return convert(value, () -> new Who(kind, value.text()));
        }

        private List<AclTopic> topics() {
            expect(Lexer.Kind.LBRACKET, "'[' to start the topic list");
            List<AclTopic> out = new ArrayList<>();
            if (tok.kind() == Lexer.Kind.RBRACKET) {
                throw error(tok, "the topic list is empty");
            }
            while (true) {
                out.add(topic());
                if (tok.kind() == Lexer.Kind.RBRACKET) {
                    advance();
                    return out;
                }
                expect(Lexer.Kind.COMMA, "',' or ']' in the topic list");
            }
        }

        private AclTopic topic() {
            if (tok.kind() == Lexer.Kind.LBRACE) {
                advance();
                Lexer.Token eq = atom("eq");
                if (!eq.text().equals("eq")) {
                    throw error(eq, "expected eq, found " + eq.describe());
                }
                expect(Lexer.Kind.COMMA, "',' after eq");
                Lexer.Token s = string("a quoted topic");
                expect(Lexer.Kind.RBRACE, "'}' after the topic");
                return convert(s, () -> AclTopic.eq(s.text()));
            }
            Lexer.Token s = string("a quoted topic or {eq, \"topic\"}");
            return convert(s, () -> AclTopic.filter(s.text()));
        }

        private Lexer.Token atom(String what) {
            if (tok.kind() != Lexer.Kind.ATOM) {
                throw error(tok, "expected " + what + ", found " + tok.describe());
            }
            return advance();
        }

        private Lexer.Token string(String what) {
            if (tok.kind() != Lexer.Kind.STRING) {
                throw error(tok, "expected " + what + ", found " + tok.describe());
            }
            return advance();
        }

        private void expect(Lexer.Kind kind, String what) {
            if (tok.kind() != kind) {
                throw error(tok, "expected " + what + ", found " + tok.describe());
            }
            advance();
        }

        private Lexer.Token advance() {
            Lexer.Token t = tok;
            tok = lexer.next();
            return t;
        }

        private static <T> T convert(Lexer.Token at, java.util.function.Supplier<T> f) {
            try {
                return f.get();
            } catch (AclSyntaxException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }

        private static AclSyntaxException error(Lexer.Token at, String problem) {
            return new AclSyntaxException(at.line(), at.column(), problem);
        }
    }
}
