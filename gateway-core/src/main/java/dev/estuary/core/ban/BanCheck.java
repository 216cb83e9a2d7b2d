package dev.estuary.core.ban;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.session.ConnectRequest;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses banned clients (by client id, the username they send, or their address) before any credential is
 * checked, with reason code 0x8A (banned; MQTT 3.1.1 return code 5); everyone else goes on to the wrapped
 * {@link Authenticator}. Applies to devices behind adapters too.
 */
public final class BanCheck implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BanCheck.class);

    private final BanList bans;
    private final Authenticator next;

    public BanCheck(BanList bans, Authenticator next) {
        this.bans = bans;
        this.next = next;
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(ConnectRequest request) {
        Ban ban = bans.find(request.client());
        if (ban == null) {
            return next.authenticate(request);
        }
        LOG.info("connect of '{}' from {} refused: banned by {} '{}'{}", request.client().clientId(),
                request.client().ip(), ban.kind().label(), ban.value(),
                ban.reason() == null ? "" : " (" + ban.reason() + ")");
        return CompletableFuture.completedFuture(AuthResult.deny(ReasonCodes.BANNED,
                "banned" + (ban.reason() == null ? "" : ": " + ban.reason())));
    }

    /** The wrapped authenticator. */
    public Authenticator next() {
        return next;
    }
}
