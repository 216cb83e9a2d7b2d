package dev.estuary.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The unparsed tail of one connection's input between reads: the generator's handlers parse packets in place in
 * the buffer Netty hands them, and keep only an incomplete last packet here until the next read completes it.
 * Confined to the connection's event loop.
 */
final class Cumulation {
    private final int minCapacity;
    private ByteBuf tail;

    Cumulation(int minCapacity) {
        this.minCapacity = minCapacity;
    }

    /** {@code in} with the kept tail in front of it; the caller parses it and then calls {@link #keep}. */
    ByteBuf merge(ByteBuf in) {
        if (tail == null) {
            return in;
        }
        ByteBuf merged = tail;
        tail = null;
        merged.writeBytes(in);
        in.release();
        return merged;
    }

    /** Keeps what is left unread in {@code in} (which the caller still releases) for the next read. */
    void keep(ByteBufAllocator alloc, ByteBuf in) {
        if (in.isReadable()) {
            tail = alloc.buffer(Math.max(minCapacity, in.readableBytes() * 2));
            tail.writeBytes(in);
        }
    }

    /** Drops a kept tail (the connection closed). */
    void release() {
        if (tail != null) {
            tail.release();
            tail = null;
        }
    }
}
