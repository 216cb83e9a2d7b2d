package dev.estuary.core.spi;

import java.util.Optional;
import java.util.Set;

/** The payload codecs available to adapters: built-in ones and those contributed by plugins. */
public interface PayloadCodecs {
    Optional<PayloadCodec> get(String id);

    Set<String> ids();
}
