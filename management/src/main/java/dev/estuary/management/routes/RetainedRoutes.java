package dev.estuary.management.routes;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.Topics;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Page;
import dev.estuary.management.api.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/retained}: retained messages, listed (optionally those matching a filter, {@code ?topic=a/#}),
 * read one by topic with its payload, deleted. The topic is the rest of the path:
 * {@code /api/v1/retained/devices/sim/sensor-1/status}.
 */
public final class RetainedRoutes {
    private RetainedRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/retained", req -> ApiResponse.ok(Page.of(list(ctx, req), req)));
        r.add("GET", "/api/v1/retained/{topic*}", req -> {
            Message m = ctx.broker().retained().get(req.param("topic"));
            if (m == null || m.isExpired(ctx.broker().clock().millis())) {
                throw ApiException.notFound("no retained message on '" + req.param("topic") + "'");
            }
            return ApiResponse.ok(Views.message(m, true));
        });
        r.add("DELETE", "/api/v1/retained/{topic*}", req -> {
            if (!ctx.broker().retained().remove(req.param("topic"))) {
                throw ApiException.notFound("no retained message on '" + req.param("topic") + "'");
            }
            return ApiResponse.noContent();
        });
    }

    static List<Map<String, Object>> list(ManagementContext ctx, ApiRequest req) {
        String filter = req.query("topic");
        long now = ctx.broker().clock().millis();
        List<Message> messages = new ArrayList<>();
        if (filter == null) {
            ctx.broker().retained().forEach(m -> {
                if (!m.isExpired(now)) {
                    messages.add(m);
                }
            });
        } else {
            try {
                Topics.checkFilter(filter, ctx.broker().config().topicLimits());
            } catch (InvalidTopicException e) {
                throw ApiException.badRequest("query parameter 'topic': " + e.getMessage());
            }
            ctx.broker().retained().match(filter, now, messages::add);
        }
        messages.sort(Comparator.comparing(Message::topic));
        return messages.stream().map(m -> Views.message(m, false)).toList();
    }
}
