package dev.estuary.server.ops;

import dev.estuary.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code estuary ...} in-process and keeps what it printed. */
record CtlRun(int exitCode, String out, String err) {
    static CtlRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.run(o, e, args);
        o.flush();
        e.flush();
        return new CtlRun(code, out.toString(), err.toString());
    }

    /** The output lines with runs of spaces collapsed (table columns). */
    java.util.List<String> rows() {
        return out.lines().map(l -> l.strip().replaceAll(" +", " ")).toList();
    }
}
