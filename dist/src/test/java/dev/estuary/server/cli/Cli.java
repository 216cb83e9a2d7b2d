package dev.estuary.server.cli;

import dev.estuary.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code estuary ...} in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.run(o, e, args);
        o.flush();
        e.flush();
        return new Cli(code, out.toString(), err.toString());
    }
}
