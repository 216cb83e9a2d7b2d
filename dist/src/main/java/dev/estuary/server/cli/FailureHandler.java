package dev.estuary.server.cli;

import dev.estuary.core.StartupException;
import dev.estuary.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into exactly one line on stderr and a distinct exit code (see {@link ExitCodes}):
 * {@code estuary: cannot start: listener tcp cannot bind 0.0.0.0:1883: address already in use or not available}.
 * Expected problems (configuration, startup) print no stack trace; anything else is a bug and is logged in full.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        String prefix = "estuary: " + ("start".equals(cmd.getCommandName()) ? "cannot start: " : "");
        int code;
        String line;
        if (ex instanceof ConfigException) {
            code = ExitCodes.CONFIG;
            line = ex.getMessage();
        } else if (ex instanceof StartupException) {
            code = ExitCodes.STARTUP;
            line = ex.getMessage();
        } else {
            LOG.error("Unexpected failure of 'estuary {}'", cmd.getCommandName(), ex);
            code = ExitCodes.INTERNAL;
            line = "internal error: " + ex + " (the log has the details)";
        }
        cmd.getErr().println(prefix + line.replace('\n', ' '));
        cmd.getErr().flush();
        return code;
    }
}
