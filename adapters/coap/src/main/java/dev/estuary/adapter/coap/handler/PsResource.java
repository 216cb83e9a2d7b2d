package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.Envelope;
import dev.estuary.adapter.coap.codec.Messages;
import dev.estuary.adapter.coap.codec.QueryParams;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code /ps/{topic...}}: EMQX-compatible publish/subscribe pass-through.
 * <ul>
 *   <li>{@code POST}/{@code PUT}: publish the payload to MQTT topic {@code {topic}} ({@code qos}, {@code retain});
 *       2.04;</li>
 *   <li>{@code GET}: the retained message of {@code {topic}} (2.05), 4.04 when there is none;</li>
 *   <li>{@code GET} with Observe=0: subscribe to the filter (wildcards percent-encoded: {@code %2B}, {@code %23});
 *       matching messages arrive as notifications with the MQTT topic in option 65000;</li>
 *   <li>{@code ?envelope=json} on a GET: the message as a JSON {@link Envelope} instead of the raw payload;</li>
 *   <li>{@code GET} with Observe=1: unsubscribe.</li>
 * </ul>
 */
final class PsResource extends DeviceResource {
    PsResource(HandlerContext ctx, Resource unknown) {
        super("ps", ctx, unknown);
        setObservable(true);
    }

    @Override
    public Resource getChild(String name) {
        return this; // every path below /ps is a topic
    }

    @Override
    CompletionStage<?> handle(CoapExchange ex, Code method, QueryParams query) {
        String topic = subPath(ex);
        if (topic.isEmpty()) {
            throw CoapError.badRequest("no topic: use /ps/{topic}");
        }
        switch (method) {
            case POST:
            case PUT:
                return publish(ex, query, topic);
            case GET:
                return get(ex, query, topic);
            default:
                throw methodNotAllowed(method, "GET, POST or PUT");
        }
    }

    private CompletionStage<?> publish(CoapExchange ex, QueryParams query, String topic) {
        var uplink = Publisher.uplink(ex, query, ctx.config().maxPayload());
        return ctx.devices().resolve(identity(ex, query))
                .thenCompose(d -> Publisher.answer(ex, d.session().publish(topic, uplink), ctx));
    }

    private CompletionStage<?> get(CoapExchange ex, QueryParams query, String topic) {
        Integer observe = ex.getRequestOptions().getObserve();
        int qos = query.qos(0);
        boolean envelope = Envelope.requested(query);
        String key = "ps:" + topic;
        if (observe != null && observe == 0) {
            return ctx.devices().resolve(identity(ex, query))
                    .thenCompose(d -> Observer.observe(ex, d, key, topic, qos, envelope, ctx));
        }
        if (observe != null && observe == 1) {
            return ctx.devices().resolve(identity(ex, query)).thenCompose(d -> Observer.cancel(ex, d, key, ctx));
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw CoapError.badRequest("'" + topic + "' is a filter: observe it (Observe: 0) to receive messages");
        }
        return ctx.devices().resolve(identity(ex, query))
                .thenCompose(d -> d.session().retained(topic))
                .thenAccept(m -> ex.respond(m.map(envelope ? Messages::envelope : Messages::content).orElseThrow(() ->
                        CoapError.notFound("no retained message on " + topic))));
    }
}
