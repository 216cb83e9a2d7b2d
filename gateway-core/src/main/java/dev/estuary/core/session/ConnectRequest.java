package dev.estuary.core.session;

/**
 * What a client asked for in CONNECT, translated to MQTT 5 semantics (MQTT 3.x maps onto it: clean session 1 is
 * clean start with expiry 0; clean session 0 is no clean start with the configured expiry).
 *
 * @param client                 identity and connection facts (client id may be empty: the broker assigns one)
 * @param password               the password bytes, or null
 * @param cleanStart             discard any existing session
 * @param sessionExpirySeconds   requested session expiry: 0 ends the session with the connection,
 *                               {@link Long#MAX_VALUE} never expires
 * @param will                   the will, or null
 * @param receiveMaximum         the client's Receive Maximum (65535 when absent)
 * @param maximumPacketSize      the client's Maximum Packet Size (0 when absent: no limit)
 * @param topicAliasMaximum      the client's Topic Alias Maximum (0 when absent)
 * @param requestResponseInfo    whether the client asked for Response Information
 * @param requestProblemInfo     whether reason strings/user properties may be sent on failures (default true)
 * @param transportAuthentication how a device's transport already proved its identity (e.g. "dtls-psk"), or null
 *                               when the authenticator must check credentials
 */
public record ConnectRequest(
        ClientInfo client,
        byte[] password,
        boolean cleanStart,
        long sessionExpirySeconds,
        Will will,
        int receiveMaximum,
        long maximumPacketSize,
        int topicAliasMaximum,
        boolean requestResponseInfo,
        boolean requestProblemInfo,
        String transportAuthentication) {

    /** A request whose credentials the authenticator checks (every MQTT client). */
    public ConnectRequest(ClientInfo client, byte[] password, boolean cleanStart, long sessionExpirySeconds,
                          Will will, int receiveMaximum, long maximumPacketSize, int topicAliasMaximum,
                          boolean requestResponseInfo, boolean requestProblemInfo) {
        this(client, password, cleanStart, sessionExpirySeconds, will, receiveMaximum, maximumPacketSize,
                topicAliasMaximum, requestResponseInfo, requestProblemInfo, null);
    }

    /** A request for a device behind an adapter or a simple internal client: clean start, no will. */
    public static ConnectRequest simple(ClientInfo client, byte[] password) {
        return new ConnectRequest(client, password, true, 0, null, 65535, 0, 0, false, true);
    }

    public ConnectRequest withClient(ClientInfo c) {
        return new ConnectRequest(c, password, cleanStart, sessionExpirySeconds, will, receiveMaximum,
                maximumPacketSize, topicAliasMaximum, requestResponseInfo, requestProblemInfo,
                transportAuthentication);
    }
}
