package dev.estuary.management;

import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** Netty's aggregator, answering a body over {@code management.max_body_size} with a JSON 413 and closing. */
final class JsonBodyAggregator extends HttpObjectAggregator {
    private final int max;

    JsonBodyAggregator(int maxContentLength) {
        super(maxContentLength);
        this.max = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpApiHandler.write(ctx, ApiResponse.error(new ApiException(413, "PAYLOAD_TOO_LARGE",
                "request body larger than " + max + " bytes (management.max_body_size)")), false);
    }
}
