package dev.estuary.adapter.lwm2m.server;

import dev.estuary.adapter.californium.CaliforniumTuning;
import dev.estuary.adapter.lwm2m.Lwm2mConfig;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.SecurityStore;

/**
 * Builds the Leshan server from the adapter's settings: CoAP and DTLS endpoints on their addresses (with a cheaper
 * observation store, see {@link SharedMapperObservationSerDes}), the object models, the credential store and
 * authorizer, queue mode with the configured awake time (a notification or a Send also counts as the device being
 * awake), and an in-memory registration store swept every cleanup interval.
 */
public final class LeshanServerFactory {
    /** Socket receive buffer of the CoAP and DTLS listeners (the kernel caps it at net.core.rmem_max). */
    static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

    private LeshanServerFactory() {
    }

    public static LeshanServer create(Lwm2mConfig config, List<ObjectModel> models, SecurityStore security,
                                      Authorizer authorizer, ServerKeys keys) {
        CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(
                ObservationProtocols.coap(), ObservationProtocols.coaps());
        // per-device duplicate detection and 4 MiB receive buffers, as in the CoAP adapter
        endpoints.setConfiguration(c -> CaliforniumTuning.apply(c, RECEIVE_BUFFER));
        if (config.coap().enabled()) {
            endpoints.addEndpoint(new InetSocketAddress(config.coap().host(), config.coap().port()), Protocol.COAP);
        }
        Lwm2mConfig.Listener dtls = config.dtls().listener();
        if (dtls.enabled()) {
            endpoints.addEndpoint(new InetSocketAddress(dtls.host(), dtls.port()), Protocol.COAPS);
        }
        LeshanServerBuilder b = new LeshanServerBuilder();
        b.setEndpointsProviders(endpoints.build());
        b.setObjectModelProvider(new VersionedModelProvider(models));
        b.setSecurityStore(security);
        b.setAuthorizer(authorizer);
        b.setRegistrationStore(new LivenessThrottledRegistrationStore(
                Math.max(1, config.cleanupInterval().toSeconds()), System::currentTimeMillis));
        b.setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider(
                (int) Math.min(Integer.MAX_VALUE, config.queue().awakeTime().toMillis())));
        b.setUpdateRegistrationOnNotification(true);
        b.setUpdateRegistrationOnSend(true);
        if (dtls.enabled()) {
            b.setPrivateKey(keys.privateKey());
            if (keys.chain() != null) {
                b.setCertificateChain(keys.chain());
            } else {
                b.setPublicKey(keys.publicKey());
            }
            if (keys.trusted() != null) {
                b.setTrustedCertificates(keys.trusted());
            }
        }
        LeshanServer server = b.build();
        for (var provider : server.getEndpointsProvider()) {
            if (provider instanceof CaliforniumServerEndpointsProvider californium) {
                // Californium's protocol stage on the receiver thread, as in the CoAP adapter: measured 4.5-7.5k ->
                // 17.5k notifications/s, and an overload queues in the bounded socket buffer, not in the heap
                CaliforniumTuning.callerRunsStage(californium.getCoapServer(), "lwm2m");
            }
        }
        return server;
    }
}
