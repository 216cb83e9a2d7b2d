package dev.estuary.adapter.coap.transport;

import dev.estuary.adapter.coap.PskStore;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's PSK lookup over the adapter's {@link PskStore}. The store blocks on disk I/O, so lookups run on the
 * adapter's own executor and hand their result back to Scandium asynchronously (Scandium's
 * {@link HandshakeResultHandler}); an unknown identity fails the handshake with Scandium's alert.
 */
final class StorePskLookup implements AdvancedPskStore {
    private static final Logger LOG = LoggerFactory.getLogger(StorePskLookup.class);

    private final PskStore store;
    private final Executor executor;
    private volatile HandshakeResultHandler resultHandler;

    StorePskLookup(PskStore store, Executor executor) {
        this.store = store;
        this.executor = executor;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
                                                  PskPublicInformation identity, String hmacAlgorithm,
                                                  SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        try {
            executor.execute(() -> resultHandler.apply(lookup(cid, identity)));
        } catch (RejectedExecutionException stopping) {
            return new PskSecretResult(cid, identity, null);
        }
        return null; // the result follows through the handler
    }

    private PskSecretResult lookup(ConnectionId cid, PskPublicInformation identity) {
        String id = identity.getPublicInfoAsString();
        Optional<byte[]> key;
        try {
            key = store.key(id);
        } catch (RuntimeException e) {
            LOG.error("PSK lookup of DTLS identity '{}' failed", id, e);
            key = Optional.empty();
        }
        if (key.isEmpty()) {
            LOG.info("DTLS handshake with unknown PSK identity '{}' refused", id);
            return new PskSecretResult(cid, identity, null);
        }
        return new PskSecretResult(cid, identity, SecretUtil.create(key.get(), "PSK"));
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // server only: we never start handshakes
    }

    @Override
    public void setResultHandler(HandshakeResultHandler handler) {
        this.resultHandler = handler;
    }
}
