package dev.estuary.adapter.lorawan;

import org.pf4j.Plugin;

/** The LoRaWAN plugin's lifecycle class; the work is in its extensions ({@link LorawanAdapter}, the Cayenne codec). */
public class LorawanPlugin extends Plugin {
}
