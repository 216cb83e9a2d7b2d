package dev.estuary.adapter.mqtt.transport;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.ListenerStats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the TLS handshake. On failure it counts the {@link TlsFailure} reason, logs one line with the peer and
 * what to do (INFO: the client's or the certificate's problem, not ours; DEBUG for routine probes), and closes.
 * On success it records the verified client certificate's CN and leaves the pipeline.
 */
public final class TlsHandshakeMonitor extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeMonitor.class);
    private final String listener;
    private final ListenerStats stats;

    public TlsHandshakeMonitor(String listener, ListenerStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
            if (e.isSuccess()) {
                recordPeer(ctx);
                ctx.pipeline().remove(this);
            } else {
                TlsFailure f = TlsFailure.classify(e.cause());
                stats.tlsFailure(f.label());
                log(ctx, f, e.cause());
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void log(ChannelHandlerContext ctx, TlsFailure f, Throwable cause) {
        if (f.routine() ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        String said = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        String line = "TLS handshake with " + ChannelAttributes.peer(ctx.channel()) + " on listener " + listener
                + " failed, " + f.label() + ": " + f.advice() + " (TLS said: " + said + ")";
        if (f.routine()) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
    }

    private static void recordPeer(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                String cn = commonName((X509Certificate) chain[0]);
                if (cn != null) {
                    ctx.channel().attr(ChannelAttributes.CERT_CN).set(cn);
                }
            }
        } catch (SSLPeerUnverifiedException noClientCert) {
            // no client certificate: nothing to record
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }
}
