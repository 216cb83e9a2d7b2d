package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.Envelope;
import dev.estuary.adapter.coap.codec.QueryParams;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code GET /down} with Observe=0: the device's downlinks, i.e. what MQTT clients publish to
 * {@code devices/coap/{deviceId}/down[/{channel...}]}, each as a notification carrying its MQTT topic (option
 * 65000) and channel (option 65004). Observe=1 stops them.
 */
final class DownResource extends DeviceResource {
    static final String KEY = "down";

    DownResource(HandlerContext ctx, Resource unknown) {
        super("down", ctx, unknown);
        setObservable(true);
    }

    @Override
    CompletionStage<?> handle(CoapExchange ex, Code method, QueryParams query) {
        if (method != Code.GET) {
            throw methodNotAllowed(method, "GET with Observe");
        }
        Integer observe = ex.getRequestOptions().getObserve();
        if (observe == null || (observe != 0 && observe != 1)) {
            throw CoapError.badRequest("observe /down (Observe: 0) to receive downlinks; Observe: 1 stops them");
        }
        boolean envelope = Envelope.requested(query);
        return ctx.devices().resolve(identity(ex, query)).thenCompose(d -> observe == 0
                ? Observer.observe(ex, d, KEY, null, 0, envelope, ctx)
                : Observer.cancel(ex, d, KEY, ctx));
    }
}
