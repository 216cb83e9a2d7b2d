package dev.estuary.core.auth;

import dev.estuary.core.session.ClientInfo;

/** Creates the per-client ACL view for a client that has just been authenticated. */
public interface Authorizer {
    ClientAuthorizer forClient(ClientInfo client);

    Authorizer ALLOW_ALL = client -> ClientAuthorizer.ALLOW_ALL;
}
