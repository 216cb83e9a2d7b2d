package dev.estuary.adapter.lwm2m.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lwm2m.Json;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.serialization.DataParser;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.core.observe.Observation;
import org.eclipse.californium.core.observe.ObservationUtil;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.leshan.core.util.Hex;
import org.eclipse.leshan.server.californium.observation.EndpointContextSerDes;
import org.eclipse.leshan.server.californium.observation.ObservationSerDes;

/**
 * Leshan's {@link ObservationSerDes} reading with the adapter's one Jackson mapper. Leshan's own
 * {@code deserialize} creates a new {@code ObjectMapper} on every call, and its Californium observation store
 * calls it for every notification received (it rebuilds the CoAP observation from its JSON form to match the
 * notification): a new mapper builds its deserializer caches from scratch, which was about 15% of the gateway's CPU
 * under a notification load ({@code lwm2m-up}, JFR). The format is Leshan's, unchanged (same fields, same
 * serializer).
 */
final class SharedMapperObservationSerDes extends ObservationSerDes {
    /** Parsed observations kept, least recently used first out (about 1-2 KiB each with its key). */
    static final int MAX_PARSED = 10_000;

    private final DataParser parser;
    /**
     * The same stored form parsed once: the store hands over the same string for every notification of an
     * observation, and parsing it (JSON, then the CoAP request inside) was most of what remained per notification.
     * Callers get a shallow clone, as from Californium's own in-memory store: Californium adds a message observer to
     * the request of every notification, which must not pile up on a shared one.
     */
    private final Map<String, Observation> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Observation> eldest) {
            return size() > MAX_PARSED;
        }
    };

    SharedMapperObservationSerDes() {
        this(new UdpDataParser());
    }

    private SharedMapperObservationSerDes(DataParser parser) {
        super(parser, new UdpDataSerializer());
        this.parser = parser;
    }

    @Override
    public Observation deserialize(String data) {
        Observation o;
        synchronized (parsed) {
            o = parsed.get(data);
        }
        if (o == null) {
            o = parse(data);
            synchronized (parsed) {
                parsed.put(data, o);
            }
        }
        return ObservationUtil.shallowClone(o);
    }

    private Observation parse(String data) {
        try {
            JsonNode v = Json.MAPPER.readTree(data);
            EndpointContext endpointContext = EndpointContextSerDes.deserialize(v.get("peer"));
            byte[] req = Hex.decodeHex(v.get("request").asText().toCharArray());
            Request request = (Request) parser.parseMessage(req);
            request.setDestinationContext(endpointContext);
            JsonNode ctxValue = v.get("context");
            if (ctxValue != null) {
                Map<String, String> context = new HashMap<>();
                for (Iterator<String> it = ctxValue.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    context.put(name, ctxValue.get(name).asText());
                }
                request.setUserContext(context);
            }
            return new Observation(request, endpointContext);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(String.format("Unable to deserialize Observation %s", data), e);
        }
    }
}
