package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.CoapMetrics;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.DiscoveryResource;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * The adapter's resource tree: {@code /ps}, {@code /up}, {@code /down}, {@code /mqtt/connection} and
 * {@code /.well-known/core}; every other path answers 4.04 with a diagnostic.
 */
public final class Resources {
    private Resources() {
    }

    /** The root resource for a {@code CoapServer}. */
    public static Resource root(HandlerContext ctx) {
        Resource unknown = new UnknownPathResource(ctx.metrics());
        CoapResource root = new Root(unknown, ctx.metrics());
        PsResource ps = new PsResource(ctx, unknown);
        DownResource down = new DownResource(ctx, unknown);
        if (ctx.config().notificationType() != null) {
            Type type = Type.valueOf(ctx.config().notificationType());
            ps.setObserveType(type);
            down.setObserveType(type);
        }
        root.add(ps);
        root.add(new UpResource(ctx, unknown));
        root.add(down);
        CoapResource mqtt = new Container("mqtt", unknown);
        mqtt.add(new ConnectionResource(ctx, unknown));
        root.add(mqtt);
        CoapResource wellKnown = new Container(".well-known", unknown);
        wellKnown.setVisible(false);
        wellKnown.add(new DiscoveryResource(root));
        root.add(wellKnown);
        return root;
    }

    /** A path segment that only holds children. */
    private static class Container extends CoapResource {
        private final Resource unknown;

        Container(String name, Resource unknown) {
            super(name);
            this.unknown = unknown;
        }

        @Override
        public Resource getChild(String name) {
            Resource child = super.getChild(name);
            return child != null ? child : unknown;
        }

        @Override
        public void handleRequest(org.eclipse.californium.core.network.Exchange exchange) {
            unknown.handleRequest(exchange);
        }
    }

    /** {@code GET /}: what this is and which paths it serves. */
    private static final class Root extends Container {
        private final CoapMetrics metrics;

        Root(Resource unknown, CoapMetrics metrics) {
            super("", unknown);
            this.metrics = metrics;
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            metrics.request();
            exchange.respond(ResponseCode.CONTENT, "Estuary CoAP gateway: " + UnknownPathResource.PATHS,
                    MediaTypeRegistry.TEXT_PLAIN);
        }

        @Override
        public void handleRequest(org.eclipse.californium.core.network.Exchange exchange) {
            if (exchange.getRequest().getOptions().getUriPath().isEmpty()
                    && exchange.getRequest().getCode() == org.eclipse.californium.core.coap.CoAP.Code.GET) {
                handleGET(new CoapExchange(exchange));
            } else {
                super.handleRequest(exchange);
            }
        }
    }
}
