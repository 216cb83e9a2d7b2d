package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.QueryParams;
import dev.estuary.adapter.coap.device.RequestIdentity;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code /mqtt/connection}: EMQX's connection mode.
 * <ul>
 *   <li>{@code POST ?clientid=..&username=..&password=..}: authenticates, opens the device session and answers
 *       2.01 with the token (text) that later requests carry as {@code token}/{@code t};</li>
 *   <li>{@code PUT ?clientid=..&token=..}: heartbeat, 2.04 (any request with the token also counts);</li>
 *   <li>{@code DELETE ?clientid=..&token=..}: ends the session, 2.02.</li>
 * </ul>
 * A session whose device sends nothing for {@code heartbeat_timeout} ends by itself.
 */
final class ConnectionResource extends DeviceResource {
    ConnectionResource(HandlerContext ctx, Resource unknown) {
        super("connection", ctx, unknown);
    }

    @Override
    CompletionStage<?> handle(CoapExchange ex, Code method, QueryParams query) {
        RequestIdentity who = identity(ex, query);
        switch (method) {
            case POST:
                return ctx.devices().connect(who).thenAccept(d -> {
                    Response r = new Response(ResponseCode.CREATED);
                    r.setPayload(d.token());
                    r.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
                    ex.respond(r);
                });
            case PUT:
                requireToken(who);
                return ctx.devices().resolve(who).thenAccept(d -> ex.respond(ResponseCode.CHANGED));
            case DELETE:
                requireToken(who);
                return ctx.devices().resolve(who).thenAccept(d -> {
                    ctx.devices().disconnect(d);
                    ex.respond(ResponseCode.DELETED);
                });
            default:
                throw methodNotAllowed(method, "POST, PUT or DELETE");
        }
    }

    private static void requireToken(RequestIdentity who) {
        if (who.token() == null) {
            throw CoapError.badRequest("the token is missing: add token=... (or t=...) from POST /mqtt/connection");
        }
    }
}
