package dev.estuary.server.cli;

/** Output helpers for management commands. */
final class Text {
    private Text() {
    }

    /** {@code s} with control characters written as {@code \x{H}}, so hostile names cannot garble a terminal. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                sb.append("\\x{").append(Integer.toHexString(c).toUpperCase()).append('}');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
