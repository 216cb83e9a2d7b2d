package dev.estuary.adapter.lorawan.http;

import dev.estuary.adapter.lorawan.LorawanMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates HTTP requests into {@link HttpEndpoint} calls: checks the decode result, the route, the method and the
 * shared secret, then answers with the endpoint's {@link HttpAnswer}. Bad requests get 400 with a message and are
 * counted; an endpoint failure is our bug and answered 500, never a crash.
 */
@ChannelHandler.Sharable
final class HttpIntegrationHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIntegrationHandler.class);

    private final Map<String, HttpRoute> routes;
    private final LorawanMetrics metrics;

    HttpIntegrationHandler(Map<String, HttpRoute> routes, LorawanMetrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        metrics.httpRequests.increment();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            answer(ctx, keepAlive, HttpAnswer.badRequest("malformed HTTP request: " + req.decoderResult().cause()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        HttpRoute route = route(uri.path());
        if (route == null) {
            answer(ctx, keepAlive, new HttpAnswer(404, "no LoRaWAN endpoint at " + uri.path()));
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            answer(ctx, keepAlive, new HttpAnswer(405, "use POST"));
            return;
        }
        HttpRequestView.HeaderLookup headers = req.headers()::get;
        if (!route.secret().accepts(headers)) {
            metrics.httpUnauthorized.increment();
            LOG.info("request to {} from {} refused: missing or wrong secret", uri.path(), ctx.channel().remoteAddress());
            answer(ctx, keepAlive, new HttpAnswer(401, "missing or wrong secret"));
            return;
        }
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (ct != null) {
            int semi = ct.indexOf(';');
            ct = (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }
        HttpRequestView view = new HttpRequestView(uri.path(), uri.parameters(), headers, ct,
                ByteBufUtil.getBytes(req.content()), (InetSocketAddress) ctx.channel().remoteAddress());
        try {
            route.endpoint().handle(view).whenComplete((a, err) -> {
                if (err != null) {
                    LOG.error("endpoint {} failed on a request from {}", route.name(), view.remote(), err);
                    answer(ctx, keepAlive, new HttpAnswer(500, "internal error: " + err));
                } else {
                    answer(ctx, keepAlive, a);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("endpoint {} failed on a request from {}", route.name(), view.remote(), e);
            answer(ctx, keepAlive, new HttpAnswer(500, "internal error: " + e));
        }
    }

    /** The route of a path: exact, or the longest route path it lies below (TTS appends per-message paths). */
    private HttpRoute route(String path) {
        HttpRoute exact = routes.get(path);
        if (exact != null) {
            return exact;
        }
        HttpRoute best = null;
        for (HttpRoute r : routes.values()) {
            String base = r.path().endsWith("/") ? r.path() : r.path() + "/";
            if (path.startsWith(base) && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        return best;
    }

    private void answer(ChannelHandlerContext ctx, boolean keepAlive, HttpAnswer a) {
        if (a.status() == 400 || a.status() == 404 || a.status() == 405) {
            metrics.httpBadRequests.increment();
            LOG.debug("answered {} to {}: {}", a.status(), ctx.channel().remoteAddress(), a.message());
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                Unpooled.copiedBuffer(a.message() + "\n", StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        if (a.status() == 401) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"estuary-lorawan\"");
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ChannelFuture f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
