package dev.estuary.core.ban;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SessionRegistry;

/** What a new ban does to clients that are already connected. */
public final class Bans {
    private Bans() {
    }

    /**
     * Disconnects every connected client that {@code ban} matches: MQTT 5 clients get DISCONNECT 0x98
     * (administrative action), MQTT 3.x connections are closed, devices are closed by their adapter.
     *
     * @return how many were disconnected
     */
    public static int kickMatching(SessionRegistry sessions, Ban ban) {
        int n = 0;
        for (Session s : sessions.all()) {
            ClientInfo c = s.client();
            if (s.isOnline() && c != null && ban.matches(c)) {
                s.kick(Disconnect.of(DisconnectReason.KICKED, ReasonCodes.ADMINISTRATIVE_ACTION,
                        "banned" + (ban.reason() == null ? "" : ": " + ban.reason())));
                n++;
            }
        }
        return n;
    }
}
