package dev.estuary.adapter.mqtt.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Answers HTTP requests that are not a WebSocket upgrade on the MQTT path (a browser visiting the port, a wrong
 * path) with a 4xx and a one-line explanation, then closes.
 */
@ChannelHandler.Sharable
public final class WebSocketFallbackHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String path;

    public WebSocketFallbackHandler(String path) {
        this.path = path;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean rightPath = req.uri().equals(path) || req.uri().startsWith(path + "?");
        HttpResponseStatus status = rightPath ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND;
        String text = rightPath
                ? "MQTT over WebSocket: send a WebSocket upgrade request (subprotocol mqtt)\n"
                : "MQTT over WebSocket is served on " + path + "\n";
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
