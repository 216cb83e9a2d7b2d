package dev.estuary.management;

import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each HTTP request into a call on the {@link ManagementApi}, on the management executor (routes may block on
 * SQLite or wait for session lanes; event loops never do), and writes the answer back on the channel's event loop.
 */
@ChannelHandler.Sharable
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final ManagementApi api;
    private final Executor executor;

    HttpApiHandler(ManagementApi api, Executor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            write(ctx, ApiResponse.error(ApiException.badRequest("malformed HTTP request")), false);
            return;
        }
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        byte[] body = ByteBufUtil.getBytes(req.content());
        if (body.length > 0 && contentType != null && !contentType.toLowerCase().contains("json")) {
            write(ctx, ApiResponse.error(new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
                    "request bodies are JSON (Content-Type: application/json), not " + contentType)), keepAlive);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String peer = String.valueOf(ctx.channel().remoteAddress());
        try {
            executor.execute(() -> {
                ApiResponse r = api.handle(method, qs.rawPath(), qs.parameters(), body, auth, peer);
                ctx.executor().execute(() -> write(ctx, r, keepAlive));
            });
        } catch (RejectedExecutionException stopping) {
            write(ctx, ApiResponse.error(ApiException.unavailable("the gateway is stopping")), false);
        }
    }

    static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        if (r.status() == 401) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"estuary\", charset=\"UTF-8\"");
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("management API connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("management API connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
