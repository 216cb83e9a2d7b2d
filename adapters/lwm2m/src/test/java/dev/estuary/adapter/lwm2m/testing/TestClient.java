package dev.estuary.adapter.lwm2m.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.RegisterRequest;

/**
 * A real Leshan LwM2M client (in-process, loopback) with Security, Server, Device ("Acme", "Model-7") and one IPSO
 * Temperature instance. {@link #registered} completes with the registration id, or exceptionally with the
 * failure ("4.03 FORBIDDEN", "timeout").
 */
public final class TestClient implements AutoCloseable {
    public final String endpoint;
    public final LeshanClient client;
    public final TemperatureSensor temperature = new TemperatureSensor(0);
    public final CompletableFuture<String> registered = new CompletableFuture<>();
    public final CompletableFuture<String> deregistered = new CompletableFuture<>();

    private TestClient(Builder b) {
        this.endpoint = b.endpoint;
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        try {
            models.addAll(ObjectLoader.loadDdfResources("/dev/estuary/adapter/lwm2m/models/",
                    new String[] {"3303.xml"}));
        } catch (java.io.IOException | org.eclipse.leshan.core.model.InvalidDDFFileException
                 | org.eclipse.leshan.core.model.InvalidModelException e) {
            throw new IllegalStateException(e);
        }
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(models));
        Security security = b.pskIdentity == null ? Security.noSec(b.serverUri, 123)
                : Security.psk(b.serverUri, 123, b.pskIdentity.getBytes(StandardCharsets.UTF_8), b.pskKey);
        init.setInstancesForObject(0, security);
        init.setInstancesForObject(1, new Server(123, b.lifetime));
        init.setInstancesForObject(3, new Device("Acme", "Model-7", "SN-1"));
        init.setFactoryForObject(3303, new org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory() {
            @Override
            public org.eclipse.leshan.client.resource.LwM2mInstanceEnabler create() {
                return new TemperatureSensor();
            }
        });
        init.setInstancesForObject(3303, temperature);
        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        engine.setQueueMode(b.queueMode);
        engine.setRequestTimeoutInMs(b.requestTimeoutMs);
        this.client = new LeshanClientBuilder(endpoint).setObjects(init.createAll())
                .setRegistrationEngineFactory(engine)
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                        new CoapsClientProtocolProvider()).build())
                .build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String id) {
                registered.complete(id);
            }

            @Override
            public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code,
                                              String message, Exception cause) {
                registered.completeExceptionally(new IllegalStateException(code + " " + message, cause));
            }

            @Override
            public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
                registered.completeExceptionally(new IllegalStateException("timeout"));
            }

            @Override
            public void onDeregistrationSuccess(LwM2mServer server,
                                                org.eclipse.leshan.core.request.DeregisterRequest request) {
                deregistered.complete("ok");
            }
        });
    }

    public static Builder builder(String endpoint, String serverUri) {
        return new Builder(endpoint, serverUri);
    }

    /** Starts the client (it registers in the background). */
    public TestClient start() {
        client.start();
        return this;
    }

    @Override
    public void close() {
        client.destroy(false);
    }

    /** Client options. */
    public static final class Builder {
        private final String endpoint;
        private final String serverUri;
        private String pskIdentity;
        private byte[] pskKey;
        private boolean queueMode;
        private long lifetime = 300;
        private long requestTimeoutMs = 5000;

        private Builder(String endpoint, String serverUri) {
            this.endpoint = endpoint;
            this.serverUri = serverUri;
        }

        public Builder psk(String identity, byte[] key) {
            this.pskIdentity = identity;
            this.pskKey = key;
            return this;
        }

        public Builder queueMode(boolean v) {
            this.queueMode = v;
            return this;
        }

        public Builder lifetime(long seconds) {
            this.lifetime = seconds;
            return this;
        }

        /** How long the client waits for the server's answers (registration included). */
        public Builder requestTimeoutMs(long ms) {
            this.requestTimeoutMs = ms;
            return this;
        }

        public TestClient start() {
            return new TestClient(this).start();
        }
    }
}
