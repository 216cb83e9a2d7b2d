package dev.estuary.adapter.tcp;

/** Names of the pipeline handlers, in pipeline order. */
public final class ChannelHandlerNames {
    public static final String TLS = "tls";
    public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
    public static final String DECODER = "frame-decoder";
    public static final String ENCODER = "frame-encoder";
    public static final String CONNECTION = "connection";

    private ChannelHandlerNames() {
    }
}
