package dev.estuary.core.spi;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A management command an adapter plugin contributes to the {@code estuary} command line: {@code estuary
 * {adapterId} {name} ARGS...}, e.g. {@code estuary coap psk add sensor-7 --hex 00112233}. It lets a plugin manage
 * what only it knows how to encode (DTLS keys, session keys...) in its {@link AdapterStore}, although the plugin's
 * classes are not on the host's class path. Implementations are PF4J extensions ({@code @Extension}).
 *
 * <p>The command runs in the CLI process, not in the gateway: the host loads and starts the plugins (PF4J), but it
 * does <em>not</em> start their adapters. It opens the gateway's database the way {@code estuary users} does
 * (configuration file, environment overrides, {@code node.data_dir} or {@code --db}) and hands the command a
 * {@link CommandContext} with the adapter's store and configuration. A running gateway shares that database, so the
 * adapter should read what a command writes when it needs it (at a handshake, on an unknown device) rather than only
 * at start.
 *
 * <p>The host consumes the options {@code -c FILE}, {@code --config FILE} and {@code --db FILE} wherever they
 * appear before a {@code --}; commands must not define options with these names. Everything else, including a
 * {@code --}, is passed to {@link #run} unchanged. Since SPI 1.1.
 */
public interface AdapterCommand extends ExtensionPoint {
    /** Exit code: the command did what was asked. */
    int OK = 0;
    /** Exit code: wrong usage (unknown verb, missing or malformed argument); print what is expected. */
    int USAGE = 2;
    /** Exit code: the command could not do what was asked (no such entry, a conflict, an unusable store). */
    int FAILED = 5;

    /** The id of the adapter this command belongs to ({@link ProtocolAdapter#id()}), the first CLI argument. */
    String adapterId();

    /** The command's name, the second CLI argument: lowercase letters, digits and '-' ({@code psk}). */
    String name();

    /** One line for the list of an adapter's commands, e.g. {@code "DTLS pre-shared keys: add, del, list"}. */
    String description();

    /**
     * Runs the command. Called once, on the CLI's main thread; may block (the store does). Write results to
     * {@link CommandContext#out()} and problems to {@link CommandContext#err()}; never print secrets. An exception
     * is reported by the host as an internal error (exit code 1).
     *
     * @param args    the arguments after the command name (host options removed)
     * @param context the adapter's store and configuration, and the output streams
     * @return the process exit code: {@link #OK}, {@link #USAGE} or {@link #FAILED}
     */
    int run(List<String> args, CommandContext context);
}
