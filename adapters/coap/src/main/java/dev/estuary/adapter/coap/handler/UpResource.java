package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.QueryParams;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code POST}/{@code PUT /up[/{channel...}]}: device data to {@code devices/coap/{deviceId}/up[/{channel}]}
 * (the unified topic model), 2.04.
 */
final class UpResource extends DeviceResource {
    UpResource(HandlerContext ctx, Resource unknown) {
        super("up", ctx, unknown);
    }

    @Override
    public Resource getChild(String name) {
        return this; // every path below /up is a channel
    }

    @Override
    CompletionStage<?> handle(CoapExchange ex, Code method, QueryParams query) {
        if (method != Code.POST && method != Code.PUT) {
            throw methodNotAllowed(method, "POST or PUT");
        }
        String channel = subPath(ex);
        var uplink = Publisher.uplink(ex, query, ctx.config().maxPayload()).channel(channel.isEmpty() ? null : channel);
        return ctx.devices().resolve(identity(ex, query))
                .thenCompose(d -> Publisher.answer(ex, d.session().uplink(uplink), ctx));
    }
}
