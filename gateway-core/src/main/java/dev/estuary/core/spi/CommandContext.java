package dev.estuary.core.spi;

import java.io.PrintWriter;

/**
 * What the host gives an {@link AdapterCommand} when it runs: the same store and configuration the adapter gets in
 * the gateway ({@link AdapterContext#store()}, {@link AdapterContext#config()}), and the command line's output
 * streams. Only valid during {@link AdapterCommand#run}. Since SPI 1.1.
 */
public interface CommandContext {
    /**
     * The adapter's durable key-value store: the same rows the running gateway's adapter sees (the database is
     * shared). Calls block on disk I/O.
     */
    AdapterStore store();

    /** The adapter's configuration subtree ({@code adapters.{id}}), from the configuration the CLI resolved. */
    AdapterConfig config();

    /** Standard output: results, tables, confirmations. */
    PrintWriter out();

    /** Standard error: usage and error messages. */
    PrintWriter err();
}
