package dev.estuary.adapter.lwm2m.security;

import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leshan's {@link SecurityStore} over {@link Lwm2mCredentials}: the DTLS handshake asks for a PSK by identity, the
 * registration check for an endpoint's expected credential. Lookups read the store each time, so credentials added or
 * removed with the CLI apply to the next handshake. A store failure refuses the device (fails closed).
 */
public final class CredentialSecurityStore implements SecurityStore {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialSecurityStore.class);

    private final Lwm2mCredentials credentials;

    public CredentialSecurityStore(Lwm2mCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        try {
            return credentials.get(endpoint).map(CredentialSecurityStore::info).orElse(null);
        } catch (RuntimeException e) {
            LOG.error("cannot read the credential of LwM2M endpoint {}: {}", endpoint, e.toString(), e);
            throw e;
        }
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        try {
            SecurityInfo info = credentials.byPskIdentity(pskIdentity).map(CredentialSecurityStore::info)
                    .orElse(null);
            if (info == null) {
                LOG.info("DTLS handshake with unknown PSK identity '{}' refused", pskIdentity);
            }
            return info;
        } catch (RuntimeException e) {
            LOG.error("cannot read the PSK of identity {}: {}", pskIdentity, e.toString(), e);
            return null;
        }
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null;
    }

    static SecurityInfo info(Lwm2mCredentials.Credential c) {
        switch (c.kind()) {
            case PSK:
                return SecurityInfo.newPreSharedKeyInfo(c.endpoint(), c.identity(), c.key());
            case RPK:
                return SecurityInfo.newRawPublicKeyInfo(c.endpoint(), c.publicKey());
            default:
                return SecurityInfo.newX509CertInfo(c.endpoint());
        }
    }
}
