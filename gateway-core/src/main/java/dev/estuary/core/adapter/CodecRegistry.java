package dev.estuary.core.adapter;

import dev.estuary.core.spi.PayloadCodec;
import dev.estuary.core.spi.PayloadCodecs;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The payload codecs known to the gateway, by id. Plugins' codecs are added as they start. */
public final class CodecRegistry implements PayloadCodecs {
    private static final Logger LOG = LoggerFactory.getLogger(CodecRegistry.class);
    private final ConcurrentHashMap<String, PayloadCodec> codecs = new ConcurrentHashMap<>();

    /** Adds a codec; a second codec with the same id is ignored with a warning. */
    public void register(PayloadCodec codec, String source) {
        PayloadCodec existing = codecs.putIfAbsent(codec.id(), codec);
        if (existing != null && existing != codec) {
            LOG.warn("payload codec '{}' from {} ignored: the id is already taken by {}", codec.id(), source,
                    existing.getClass().getName());
        }
    }

    public void unregister(String id) {
        codecs.remove(id);
    }

    @Override
    public Optional<PayloadCodec> get(String id) {
        return Optional.ofNullable(codecs.get(id));
    }

    @Override
    public Set<String> ids() {
        return new TreeSet<>(codecs.keySet());
    }
}
