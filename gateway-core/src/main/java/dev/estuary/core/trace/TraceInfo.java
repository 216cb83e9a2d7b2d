package dev.estuary.core.trace;

/**
 * What the API shows of a trace.
 *
 * @param name           its name (also the file name, {@code {name}.log})
 * @param type           client id or topic filter
 * @param target         the client id or the topic filter
 * @param status         {@code running}, {@code stopped} or {@code full} (the file reached its maximum size)
 * @param startedAtMillis when it started
 * @param endsAtMillis    when it stops by itself, 0 for never (until stopped)
 * @param lines          lines written so far
 * @param bytes          bytes written so far
 * @param file           the trace file
 */
public record TraceInfo(String name, TraceType type, String target, String status, long startedAtMillis,
                        long endsAtMillis, long lines, long bytes, String file) {
}
