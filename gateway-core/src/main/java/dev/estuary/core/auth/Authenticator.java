package dev.estuary.core.auth;

import dev.estuary.core.session.ConnectRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a connecting client (MQTT or a device behind an adapter) may connect. May complete on any
 * thread; expensive work (password hashing, database lookups) must not run on the caller's event loop.
 */
public interface Authenticator {
    CompletableFuture<AuthResult> authenticate(ConnectRequest request);

    /** Lets everyone in, keeping the username they sent. */
    Authenticator ALLOW_ALL = request -> CompletableFuture.completedFuture(
            AuthResult.allow(request.client().username(), false));
}
