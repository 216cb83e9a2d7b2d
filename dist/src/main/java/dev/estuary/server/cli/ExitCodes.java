package dev.estuary.server.cli;

/**
 * Exit codes of the {@code estuary} command, also listed in {@code estuary --help} and the README.
 */
public final class ExitCodes {
    /** Success; also a graceful stop after SIGTERM or Ctrl-C. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug: the log has the stack trace). */
    public static final int INTERNAL = 1;
    /** Wrong command-line usage (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** Invalid configuration: unreadable or missing file, unknown key, bad value. */
    public static final int CONFIG = 3;
    /** The gateway could not start: port in use, unreadable certificate, data directory not writable. */
    public static final int STARTUP = 4;
    /**
     * A management command could not do what was asked: no such user or rule, the user exists, an invalid rule or
     * acl.conf, an unusable database. Adapter commands use the same codes ({@code AdapterCommand.OK}, {@code USAGE},
     * {@code FAILED}).
     */
    public static final int FAILED = 5;

    private ExitCodes() {
    }
}
