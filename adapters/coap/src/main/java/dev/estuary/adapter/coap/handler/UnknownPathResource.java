package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.CoapMetrics;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers every path the adapter does not serve with 4.04 and a diagnostic listing the ones it does. */
final class UnknownPathResource extends CoapResource {
    private static final Logger LOG = LoggerFactory.getLogger(UnknownPathResource.class);
    static final String PATHS = "/ps/{topic}, /up[/{channel}], /down, /mqtt/connection";

    private final CoapMetrics metrics;

    UnknownPathResource(CoapMetrics metrics) {
        super("unknown", false);
        this.metrics = metrics;
    }

    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleRequest(Exchange exchange) {
        metrics.request();
        metrics.clientError();
        String path = "/" + exchange.getRequest().getOptions().getUriPathString();
        LOG.debug("CoAP {} {} from {}: unknown path, answering 4.04", exchange.getRequest().getCode(), path,
                exchange.getRequest().getSourceContext().getPeerAddress());
        new CoapExchange(exchange).respond(Responses.error(ResponseCode.NOT_FOUND,
                "unknown path " + path + "; this gateway serves " + PATHS, -1));
    }
}
