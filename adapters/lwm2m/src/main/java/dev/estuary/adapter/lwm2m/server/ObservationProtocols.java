package dev.estuary.adapter.lwm2m.server;

import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.californium.observation.LwM2mObservationStore;
import org.eclipse.leshan.server.observation.LwM2mNotificationReceiver;

/**
 * Leshan's CoAP and CoAPs protocol providers, with endpoints whose observation store reads observations with
 * {@link SharedMapperObservationSerDes} instead of a new Jackson mapper per notification. Everything else is
 * Leshan's default.
 */
final class ObservationProtocols {
    private ObservationProtocols() {
    }

    private static LwM2mObservationStore store(LeshanServer server, LwM2mNotificationReceiver receiver) {
        return new LwM2mObservationStore(server.getRegistrationStore(), receiver,
                new SharedMapperObservationSerDes());
    }

    static CoapServerProtocolProvider coap() {
        return new CoapServerProtocolProvider() {
            @Override
            public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
                return new CoapServerEndpointFactory(uri) {
                    @Override
                    protected CoapEndpoint.Builder createEndpointBuilder(InetSocketAddress address,
                            Configuration coapConfig, LwM2mNotificationReceiver receiver, LeshanServer server) {
                        return super.createEndpointBuilder(address, coapConfig, receiver, server)
                                .setObservationStore(store(server, receiver));
                    }
                };
            }
        };
    }

    static CoapsServerProtocolProvider coaps() {
        return new CoapsServerProtocolProvider() {
            @Override
            public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
                return new CoapsServerEndpointFactory(uri) {
                    @Override
                    protected LwM2mObservationStore createObservationStore(LeshanServer server,
                            LwM2mNotificationReceiver receiver) {
                        return store(server, receiver);
                    }
                };
            }
        };
    }
}
