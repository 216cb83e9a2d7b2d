package dev.estuary.adapter.tcp.device;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a last message (ERROR, GOODBYE, a refusing HELLO_ACK) so that the device can read it:
 * on plain TCP it half-closes (FIN) after the write and keeps draining input for a short while before the full
 * close, because closing a socket with unread input makes the kernel send RST, which can destroy the last message
 * before the device reads it. With TLS the SslHandler's close (close_notify) is used.
 */
public final class ChannelCloser {
    /** How long input is drained after the half-close. */
    static final long LINGER_MILLIS = 1000;

    private ChannelCloser() {
    }

    /** Writes {@code last} (unless null) and closes. Event loop only. */
    public static void closeAfter(Channel ch, Object last) {
        if (last == null || !ch.isActive()) {
            ch.close();
            return;
        }
        if (ch instanceof SocketChannel sc && ch.pipeline().get(SslHandler.class) == null) {
            ch.writeAndFlush(last).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    ch.close();
                    return;
                }
                sc.shutdownOutput().addListener(f -> ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS,
                        TimeUnit.MILLISECONDS));
                ch.config().setAutoRead(true); // drain (the decoders discard or the handler ignores)
            });
        } else {
            ch.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
