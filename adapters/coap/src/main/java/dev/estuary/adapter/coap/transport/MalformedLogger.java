package dev.estuary.adapter.coap.transport;

import dev.estuary.adapter.coap.CoapMetrics;
import org.eclipse.californium.core.network.interceptors.MalformedMessageInterceptor;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.RawData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts datagrams that are not CoAP messages. Californium has already answered them as RFC 7252 §4.2
 * says (a malformed CON request gets a 4.xx or RST, anything else is silently ignored); this adds the log line with
 * the peer and the first bytes, at DEBUG since it is the sender's fault.
 */
final class MalformedLogger extends MessageInterceptorAdapter implements MalformedMessageInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(MalformedLogger.class);

    private final CoapMetrics metrics;
    private final String listener;

    MalformedLogger(CoapMetrics metrics, String listener) {
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public void receivedMalformedMessage(RawData message) {
        metrics.malformed();
        if (LOG.isDebugEnabled()) {
            byte[] b = message.getBytes();
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(b.length, 16); i++) {
                hex.append(String.format("%02x", b[i]));
            }
            LOG.debug("{}: malformed CoAP datagram of {} bytes from {} dropped or rejected: {}{}", listener, b.length,
                    message.getInetSocketAddress(), hex, b.length > 16 ? "..." : "");
        }
    }
}
