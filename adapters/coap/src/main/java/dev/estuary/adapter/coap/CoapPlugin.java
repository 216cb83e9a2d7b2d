package dev.estuary.adapter.coap;

import org.pf4j.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PF4J plugin of the CoAP adapter; the work is in the {@link CoapAdapter} extension. */
public class CoapPlugin extends Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(CoapPlugin.class);

    @Override
    public void start() {
        LOG.debug("coap-adapter plugin started");
    }

    @Override
    public void stop() {
        LOG.debug("coap-adapter plugin stopped");
    }
}
