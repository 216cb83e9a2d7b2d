package dev.estuary.adapter.lwm2m;

import org.pf4j.Plugin;

/**
 * The PF4J plugin of the LwM2M adapter. Its only extension is {@link Lwm2mAdapter}; the plugin bundles Eclipse
 * Leshan (server) and Californium/Scandium in its {@code lib/}, loaded plugin-first so that other plugins may use
 * other versions of them.
 */
public class Lwm2mPlugin extends Plugin {
}
