package dev.estuary.management.routes;

import dev.estuary.core.routing.Subscription;
import dev.estuary.core.routing.Topics;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Page;
import dev.estuary.management.api.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code /api/v1/subscriptions} and {@code /api/v1/topics}: who subscribed to what, filtered and paged. */
public final class SubscriptionRoutes {
    private SubscriptionRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/subscriptions", req -> ApiResponse.ok(Page.of(subscriptions(ctx, req), req)));
        r.add("GET", "/api/v1/topics", req -> ApiResponse.ok(Page.of(topics(ctx, req), req)));
    }

    /**
     * Filters: {@code clientid}, {@code topic} (as subscribed, exact), {@code match_topic} (a topic name: the
     * subscriptions that would receive it), {@code qos}, {@code share_group}.
     */
    static List<Map<String, Object>> subscriptions(ManagementContext ctx, ApiRequest req) {
        String clientId = req.query("clientid");
        String topic = req.query("topic");
        String matchTopic = req.query("match_topic");
        String group = req.query("share_group");
        int qos = req.intQuery("qos", -1, 0, 2);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SessionSnapshots.Snapshot s : SessionSnapshots.all(ctx.broker())) {
            if (clientId != null && !clientId.equals(s.client().clientId())) {
                continue;
            }
            for (Map.Entry<String, Subscription> e : s.subscriptions().entrySet()) {
                Subscription sub = e.getValue();
                if (topic != null && !topic.equals(e.getKey())
                        || matchTopic != null && !Topics.matches(sub.topicFilter(), matchTopic)
                        || group != null && !group.equals(sub.shareGroup())
                        || qos >= 0 && sub.options().qos() != qos) {
                    continue;
                }
                out.add(Views.subscription(s.client().clientId(), e.getKey(), sub));
            }
        }
        return out;
    }

    /** The distinct subscribed filters with their number of subscribers; filters {@code topic}, {@code match_topic}. */
    static List<Map<String, Object>> topics(ManagementContext ctx, ApiRequest req) {
        String topic = req.query("topic");
        String matchTopic = req.query("match_topic");
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (SessionSnapshots.Snapshot s : SessionSnapshots.all(ctx.broker())) {
            for (Subscription sub : s.subscriptions().values()) {
                counts.merge(sub.topicFilter(), 1, Integer::sum);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((filter, n) -> {
            if ((topic == null || topic.equals(filter)) && (matchTopic == null || Topics.matches(filter, matchTopic))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("topic", filter);
                m.put("subscriptions", n);
                out.add(m);
            }
        });
        return out;
    }
}
