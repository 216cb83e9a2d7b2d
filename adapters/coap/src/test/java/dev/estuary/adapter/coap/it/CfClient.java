package dev.estuary.adapter.coap.it;

import dev.estuary.adapter.coap.codec.MqttOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Californium's {@link CoapClient} on its own endpoint (never Californium's global default endpoint), parsing the
 * adapter's MQTT-Topic and Channel options. Close it to free the socket and threads.
 */
final class CfClient implements AutoCloseable {
    static final Configuration CONFIG = config();

    private final CoapEndpoint endpoint;
    private final CoapClient client;
    private final AtomicInteger block1Requests = new AtomicInteger();
    private final AtomicInteger block2Responses = new AtomicInteger();

    CfClient() {
        this(new CoapEndpoint.Builder().setConfiguration(CONFIG).setOptionRegistry(MqttOptions.REGISTRY)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
    }

    CfClient(CoapEndpoint endpoint) {
        this.endpoint = endpoint;
        endpoint.addInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void sendRequest(Request request) {
                if (request.getOptions().hasBlock1()) {
                    block1Requests.incrementAndGet();
                }
            }

            @Override
            public void receiveResponse(Response response) {
                if (response.getOptions().hasBlock2()) {
                    block2Responses.incrementAndGet();
                }
            }
        });
        try {
            endpoint.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        client = new CoapClient();
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
    }

    static Configuration config() {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1024 * 1024);
        c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        c.set(CoapConfig.MAX_MESSAGE_SIZE, 512);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return c;
    }

    /** Requests sent with a Block1 option (block-wise uploads). */
    int block1Requests() {
        return block1Requests.get();
    }

    /** Responses received with a Block2 option (block-wise downloads). */
    int block2Responses() {
        return block2Responses.get();
    }

    CoapClient client() {
        return client;
    }

    CoapEndpoint endpoint() {
        return endpoint;
    }

    /** Sends a request to {@code uri} and waits for the response. */
    CoapResponse send(Request request, String uri) {
        request.setURI(uri);
        try {
            CoapResponse r = client.advanced(request);
            if (r == null) {
                throw new AssertionError("no response to " + request.getCode() + " " + uri);
            }
            return r;
        } catch (ConnectorException | IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }
}
