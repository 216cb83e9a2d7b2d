package dev.estuary.adapter.coap.device;

import dev.estuary.adapter.coap.codec.QueryParams;
import java.net.InetSocketAddress;
import java.security.Principal;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * Who a request says it is: the query's {@code clientid}/{@code username}/{@code password}/{@code token}, and the
 * DTLS principal when it came over DTLS (the PSK identity, or the CN of a client certificate).
 *
 * @param clientId  the {@code clientid} ({@code c}) query parameter, or null
 * @param username  the {@code username} ({@code u}) query parameter, or null
 * @param password  the {@code password} ({@code p}) query parameter, or null
 * @param token     the {@code token} ({@code t}) query parameter, or null
 * @param principal the DTLS identity, or null for plain UDP
 * @param context   the request's endpoint context (address, DTLS session): where notifications go
 */
public record RequestIdentity(String clientId, String username, String password, String token, String principal,
                              EndpointContext context) {

    public static RequestIdentity of(QueryParams q, EndpointContext context) {
        return new RequestIdentity(q.nonEmpty("clientid"), q.nonEmpty("username"), q.get("password"),
                q.nonEmpty("token"), principal(context.getPeerIdentity()), context);
    }

    public InetSocketAddress address() {
        return context.getPeerAddress();
    }

    public boolean secure() {
        return principal != null;
    }

    /** "192.0.2.1:5683" or "psk-id@192.0.2.1:5683", for log lines. */
    public String describe() {
        String who = clientId != null ? clientId : principal;
        return (who == null ? "" : who + "@") + address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    private static String principal(Principal p) {
        if (p == null) {
            return null;
        }
        if (p instanceof PreSharedKeyIdentity) {
            return ((PreSharedKeyIdentity) p).getIdentity();
        }
        if (p instanceof X509CertPath) {
            return commonName(((X509CertPath) p).getTarget().getSubjectX500Principal().getName());
        }
        return p.getName();
    }

    private static String commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return dn;
        }
        return dn;
    }
}
