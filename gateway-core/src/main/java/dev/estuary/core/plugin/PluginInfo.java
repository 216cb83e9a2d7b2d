package dev.estuary.core.plugin;

import java.util.List;

/**
 * What the gateway knows about one plugin.
 *
 * @param id       plugin id
 * @param version  plugin version
 * @param state    PF4J state (CREATED, RESOLVED, STARTED, STOPPED, DISABLED, FAILED) or FAILED when an adapter
 *                 of the plugin could not start
 * @param path     where it was loaded from
 * @param adapters the protocol adapters it provides, with their state ("coap: running")
 * @param codecs   the payload codecs it provides
 * @param error    why it failed, or null
 */
public record PluginInfo(String id, String version, String state, String path, List<String> adapters,
                         List<String> codecs, String error) {
}
