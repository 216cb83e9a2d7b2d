package dev.estuary.core.session;

import java.net.InetSocketAddress;

/**
 * Who a connected client is, as authentication established it. The same shape describes an MQTT client and a
 * device behind an adapter, so ACLs, events and statistics treat both alike.
 *
 * @param clientId          the client id (for devices: {@code {adapter}:{deviceId}})
 * @param username          the authenticated username, or null
 * @param remoteAddress     the peer address (the real one when PROXY protocol is on), or null
 * @param protocol          "mqtt", or the adapter's protocol name ("coap", "lwm2m", ...)
 * @param protocolVersion   MQTT protocol level (3, 4 or 5), 0 for other protocols
 * @param listener          the listener or adapter the client came in through
 * @param adapter           the adapter id for devices behind adapters, else null
 * @param deviceId          the device id for devices behind adapters, else null
 * @param keepAliveSeconds  negotiated keep alive, 0 for none
 * @param connectedAtMillis when the connection was accepted (broker clock)
 * @param bridge            true for MQTT bridges (protocol level with the 0x80 bit)
 * @param superuser         true when ACLs are skipped for this client
 * @param certCommonName    CN of the verified client certificate, or null
 */
public record ClientInfo(
        String clientId,
        String username,
        InetSocketAddress remoteAddress,
        String protocol,
        int protocolVersion,
        String listener,
        String adapter,
        String deviceId,
        int keepAliveSeconds,
        long connectedAtMillis,
        boolean bridge,
        boolean superuser,
        String certCommonName) {

    public boolean isMqtt5() {
        return protocolVersion == 5;
    }

    public boolean isDevice() {
        return adapter != null;
    }

    public ClientInfo withClientId(String id) {
        return new ClientInfo(id, username, remoteAddress, protocol, protocolVersion, listener, adapter, deviceId,
                keepAliveSeconds, connectedAtMillis, bridge, superuser, certCommonName);
    }

    public ClientInfo withAuth(String user, boolean isSuperuser) {
        return new ClientInfo(clientId, user, remoteAddress, protocol, protocolVersion, listener, adapter, deviceId,
                keepAliveSeconds, connectedAtMillis, bridge, isSuperuser, certCommonName);
    }

    /** The peer's IP as text, or "-" when unknown. */
    public String ip() {
        if (remoteAddress == null) {
            return "-";
        }
        return remoteAddress.getAddress() != null ? remoteAddress.getAddress().getHostAddress()
                : remoteAddress.getHostString();
    }
}
