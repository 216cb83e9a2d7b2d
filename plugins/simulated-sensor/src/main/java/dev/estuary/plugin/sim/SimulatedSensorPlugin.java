package dev.estuary.plugin.sim;

import org.pf4j.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin's lifecycle class (optional in PF4J; here it only logs). The work is in the extensions. */
public class SimulatedSensorPlugin extends Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSensorPlugin.class);

    @Override
    public void start() {
        LOG.debug("simulated-sensor plugin started");
    }

    @Override
    public void stop() {
        LOG.debug("simulated-sensor plugin stopped");
    }
}
