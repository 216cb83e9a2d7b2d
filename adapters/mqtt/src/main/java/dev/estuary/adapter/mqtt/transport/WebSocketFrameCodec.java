package dev.estuary.adapter.mqtt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * MQTT over WebSocket (MQTT 5.0 §6): the MQTT byte stream travels in binary frames, split anywhere. Inbound frame
 * contents are passed on as bytes (the MQTT decoder reassembles packets); outbound bytes become binary frames.
 * A text frame is a protocol error (§6: "MUST close the connection").
 */
@ChannelHandler.Sharable
public final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    public static final WebSocketFrameCodec INSTANCE = new WebSocketFrameCodec();

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof TextWebSocketFrame) {
            throw new CorruptedFrameException("MQTT over WebSocket needs binary frames, got a text frame");
        }
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        }
    }
}
