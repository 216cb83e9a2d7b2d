package dev.estuary.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Facts about a connection that earlier pipeline stages learn and later ones read. */
public final class ChannelAttributes {
    /** The client's real address as reported by a PROXY protocol header. */
    public static final AttributeKey<InetSocketAddress> PROXIED_ADDRESS = AttributeKey.valueOf("estuary.proxied");
    /** Set when the CONNECT protocol level carried the 0x80 bridge bit. */
    public static final AttributeKey<Boolean> BRIDGE = AttributeKey.valueOf("estuary.bridge");
    /** The protocol level byte of the first CONNECT (bridge bit cleared), read before Netty's decoder runs. */
    public static final AttributeKey<Integer> PROTOCOL_LEVEL = AttributeKey.valueOf("estuary.protocolLevel");
    /** CN of the verified client certificate. */
    public static final AttributeKey<String> CERT_CN = AttributeKey.valueOf("estuary.certCn");

    private ChannelAttributes() {
    }

    /** The client's address: the PROXY protocol one when present, else the socket's. */
    public static InetSocketAddress clientAddress(Channel ch) {
        InetSocketAddress proxied = ch.attr(PROXIED_ADDRESS).get();
        if (proxied != null) {
            return proxied;
        }
        SocketAddress a = ch.remoteAddress();
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    /** "ip:port" of the client for log lines. */
    public static String peer(Channel ch) {
        InetSocketAddress a = clientAddress(ch);
        if (a == null) {
            return String.valueOf(ch.remoteAddress());
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }
}
