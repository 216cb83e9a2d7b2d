package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.codec.ContentFormats;
import dev.estuary.adapter.coap.codec.QueryParams;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Builds an {@link Uplink} from a POST/PUT (payload, Content-Format as MQTT content type, {@code qos},
 * {@code retain}) and answers with the outcome: 2.04 when the gateway accepted it, 4.03 when the ACL refused it,
 * 4.13 when it is too large, 4.00 for an invalid topic.
 */
final class Publisher {
    private Publisher() {
    }

    static Uplink uplink(CoapExchange ex, QueryParams query, int maxPayload) {
        byte[] payload = ex.getRequestPayload();
        if (payload.length > maxPayload) {
            throw CoapError.tooLarge("payload of " + payload.length + " bytes exceeds adapters.coap.max_payload "
                    + maxPayload);
        }
        Uplink u = Uplink.of(payload).qos(query.qos(0)).retain(query.retain());
        int cf = ex.getRequestOptions().getContentFormat();
        if (cf != MediaTypeRegistry.UNDEFINED) {
            String type = ContentFormats.toContentType(cf);
            if (type != null) {
                u.contentType(type);
            } else {
                u.userProperty(ContentFormats.FORMAT_PROPERTY, Integer.toString(cf));
            }
        }
        return u;
    }

    /** Answers the exchange once the publish completed; fails with a {@link CoapError} when it was refused. */
    static CompletionStage<Void> answer(CoapExchange ex, CompletionStage<PublishResult> publish, HandlerContext ctx) {
        return publish.thenAccept(r -> {
            switch (r.status()) {
                case DELIVERED:
                case NO_SUBSCRIBERS:
                    ctx.metrics().published();
                    ex.respond(new Response(ResponseCode.CHANGED));
                    return;
                case NOT_AUTHORIZED:
                    throw CoapError.forbidden(r.detail());
                default:
                    throw rejected(r.detail());
            }
        });
    }

    private static CoapError rejected(String detail) {
        String d = detail == null ? "rejected" : detail;
        // the SPI reports these as REJECTED with a reason; tell the device which of its mistakes it was
        if (d.contains("exceeds")) {
            return CoapError.tooLarge(d);
        }
        if (d.contains("session closed")) {
            return CoapError.unavailable(d, 1);
        }
        return CoapError.badRequest(d);
    }
}
