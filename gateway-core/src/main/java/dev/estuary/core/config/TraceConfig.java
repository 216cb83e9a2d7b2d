package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Traces (the {@code trace:} section): the packets and messages of one client or one topic filter, written to a
 * file of their own while the trace runs. Traces are started and stopped through the management API or
 * {@code estuary ctl trace}.
 *
 * @param dir          folder of the trace files, relative to {@code node.data_dir}. {@code trace}.
 * @param maxFileSize  a trace stops writing (and says so in its file) when its file reaches this size. 64MB.
 * @param maxPayload   payload bytes written per message; longer payloads are cut, and the full size noted. 1KB.
 * @param maxTraces    most traces running at once. 16.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceConfig(String dir, ByteSize maxFileSize, ByteSize maxPayload, Integer maxTraces) {
    public static final TraceConfig DEFAULTS = new TraceConfig(null, null, null, null);

    public TraceConfig {
        dir = Check.or(dir, "trace");
        maxFileSize = Check.size("max_file_size", maxFileSize, ByteSize.of(64L * 1024 * 1024), 1024,
                1L << 40);
        maxPayload = Check.size("max_payload", maxPayload, ByteSize.of(1024), 0, 256L * 1024 * 1024);
        maxTraces = Check.intIn("max_traces", maxTraces, 16, 1, 1000);
    }
}
