package dev.estuary.core.acl;

/** Splits acl.conf text into tokens (the Erlang term subset {@link AclConf} reads), tracking line and column. */
final class Lexer {
    enum Kind { LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, DOT, ATOM, STRING, EOF }

    /** One token; {@code text} is the atom name or the unescaped string. */
    record Token(Kind kind, String text, int line, int column) {
        String describe() {
            switch (kind) {
                case EOF: return "the end of the file";
                case ATOM: return "'" + abbreviate(text) + "'";
                case STRING: return "the string \"" + abbreviate(text) + "\"";
                default: return "'" + text + "'";
            }
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }
    }

    private final String s;
    private int pos;
    private int line = 1;
    private int col = 1;

    Lexer(String text) {
        this.s = text;
        if (s.startsWith("\uFEFF")) {
            pos = 1; // byte order mark
        }
    }

    Token next() {
        skipBlanksAndComments();
        int l = line;
        int c = col;
        if (pos >= s.length()) {
            return new Token(Kind.EOF, "", l, c);
        }
        char ch = s.charAt(pos);
        switch (ch) {
            case '{': return single(Kind.LBRACE, l, c);
            case '}': return single(Kind.RBRACE, l, c);
            case '[': return single(Kind.LBRACKET, l, c);
            case ']': return single(Kind.RBRACKET, l, c);
            case ',': return single(Kind.COMMA, l, c);
            case '.': return single(Kind.DOT, l, c);
            case '"': return new Token(Kind.STRING, quoted('"', l, c), l, c);
            case '\'': return new Token(Kind.ATOM, quoted('\'', l, c), l, c);
            default:
                if (ch >= 'a' && ch <= 'z') {
                    int start = pos;
                    while (pos < s.length() && isAtomChar(s.charAt(pos))) {
                        step();
                    }
                    return new Token(Kind.ATOM, s.substring(start, pos), l, c);
                }
                throw new AclSyntaxException(l, c, "unexpected character " + printable(ch));
        }
    }

    private static boolean isAtomChar(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '@';
    }

    private Token single(Kind kind, int l, int c) {
        String text = String.valueOf(s.charAt(pos));
        step();
        return new Token(kind, text, l, c);
    }

    private void skipBlanksAndComments() {
        while (pos < s.length()) {
            char ch = s.charAt(pos);
            if (ch == '%') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    step();
                }
            } else if (Character.isWhitespace(ch)) {
                step();
            } else {
                return;
            }
        }
    }

    private String quoted(char quote, int l, int c) {
        step();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new AclSyntaxException(l, c, "string not closed before the end of the file");
            }
            char ch = s.charAt(pos);
            if (ch == quote) {
                step();
                return sb.toString();
            }
            if (ch == '\\') {
                escape(sb);
            } else {
                sb.append(ch);
                step();
            }
        }
    }

    private void escape(StringBuilder sb) {
        int l = line;
        int c = col;
        step();
        if (pos >= s.length()) {
            throw new AclSyntaxException(l, c, "string not closed before the end of the file");
        }
        char e = s.charAt(pos);
        step();
        switch (e) {
            case 'n': sb.append('\n'); return;
            case 't': sb.append('\t'); return;
            case 'r': sb.append('\r'); return;
            case 's': sb.append(' '); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'v': sb.append('\u000B'); return;
            case 'e': sb.append('\u001B'); return;
            case 'd': sb.append('\u007F'); return;
            case 'x': hex(sb, l, c); return;
            default:
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int i = 0; i < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; i++) {
                        v = v * 8 + (s.charAt(pos) - '0');
                        step();
                    }
                    sb.append((char) v);
                    return;
                }
                sb.append(e); // \" \' \\ and any other character stand for themselves
        }
    }

    private void hex(StringBuilder sb, int l, int c) {
        String digits;
        if (pos < s.length() && s.charAt(pos) == '{') {
            int close = s.indexOf('}', pos);
            if (close < 0) {
                throw new AclSyntaxException(l, c, "\\x{ without a closing }");
            }
            digits = s.substring(pos + 1, close);
            while (pos <= close) {
                step();
            }
        } else {
            int end = Math.min(s.length(), pos + 2);
            digits = s.substring(pos, end);
            while (pos < end) {
                step();
            }
        }
        try {
            int cp = Integer.parseInt(digits, 16);
            if (digits.isEmpty() || digits.length() > 6 || cp > Character.MAX_CODE_POINT) {
                throw new NumberFormatException();
            }
            sb.appendCodePoint(cp);
        } catch (IllegalArgumentException e) { // NumberFormatException, or appendCodePoint on a bad code point
            throw new AclSyntaxException(l, c, "bad \\x escape: '" + digits + "'");
        }
    }

    private void step() {
        if (s.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    private static String printable(char ch) {
        return ch >= 0x20 && ch < 0x7F ? "'" + ch + "'" : String.format("U+%04X", (int) ch);
    }
}
