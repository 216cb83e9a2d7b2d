package dev.estuary.adapter.lorawan.config;

/**
 * The HTTP listener (started when at least one network server has an {@code http} section).
 *
 * @param bind         address to bind (0.0.0.0)
 * @param port         TCP port (8090; 0 picks a free one)
 * @param maxBodyBytes largest accepted request body (1048576); larger requests get 413
 */
public record HttpListenerConfig(String bind, Integer port, Integer maxBodyBytes) {
    public HttpListenerConfig {
        bind = bind == null ? "0.0.0.0" : bind;
        port = port == null ? 8090 : port;
        maxBodyBytes = maxBodyBytes == null ? 1 << 20 : maxBodyBytes;
    }
}
