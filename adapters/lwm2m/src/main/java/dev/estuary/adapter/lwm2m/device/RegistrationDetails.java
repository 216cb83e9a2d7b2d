package dev.estuary.adapter.lwm2m.device;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.server.registration.Registration;

/**
 * What the gateway tells MQTT about a registration, in the retained status's {@code details} and in the
 * {@code registered}/{@code updated} events: endpoint, registration id, lifetime, binding, LwM2M version, queue mode,
 * object links, SMS number (when given), transport and security.
 */
public final class RegistrationDetails {
    private RegistrationDetails() {
    }

    public static Map<String, Object> of(Registration r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("endpoint", r.getEndpoint());
        d.put("registrationId", r.getId());
        d.put("lifetime", r.getLifeTimeInSec());
        d.put("binding", r.getBindingMode() == null ? "U" : BindingMode.toString(r.getBindingMode()));
        d.put("lwm2mVersion", r.getLwM2mVersion() == null ? "1.0" : r.getLwM2mVersion().toString());
        d.put("queueMode", r.usesQueueMode());
        if (r.getSmsNumber() != null) {
            d.put("smsNumber", r.getSmsNumber());
        }
        d.put("objectLinks", r.getObjectLinks() == null ? ""
                : new DefaultLinkSerializer().serializeCoreLinkFormat(r.getObjectLinks()));
        java.net.InetSocketAddress a = address(r.getClientTransportData());
        if (a != null) {
            d.put("address", a.getAddress().getHostAddress() + ":" + a.getPort());
        }
        d.put("transport", r.getLastEndpointUsed() == null ? "coap" : r.getLastEndpointUsed().getScheme());
        d.put("security", security(r.getClientTransportData()));
        return d;
    }

    /** {@code none}, {@code psk}, {@code rpk} or {@code x509}. */
    public static String security(LwM2mPeer peer) {
        LwM2mIdentity id = peer == null ? null : peer.getIdentity();
        if (id instanceof PskIdentity) {
            return "psk";
        }
        if (id instanceof RpkIdentity) {
            return "rpk";
        }
        if (id instanceof X509Identity) {
            return "x509";
        }
        return "none";
    }

    /** The username the device session logs in with: the PSK identity or certificate CN, else none. */
    public static String username(LwM2mPeer peer) {
        LwM2mIdentity id = peer == null ? null : peer.getIdentity();
        if (id instanceof PskIdentity psk) {
            return psk.getPskIdentity();
        }
        if (id instanceof X509Identity x509) {
            return x509.getX509CommonName();
        }
        return null;
    }

    /** The device's address, when it has one. */
    public static java.net.InetSocketAddress address(LwM2mPeer peer) {
        return peer instanceof IpPeer ip ? ip.getSocketAddress() : null;
    }
}
