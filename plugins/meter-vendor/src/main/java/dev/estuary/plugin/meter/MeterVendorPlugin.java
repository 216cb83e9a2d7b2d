package dev.estuary.plugin.meter;

import org.pf4j.Plugin;

/** The plugin's lifecycle class (optional in PF4J). The work is in the {@link MeterProtocol} extension. */
public class MeterVendorPlugin extends Plugin {
}
