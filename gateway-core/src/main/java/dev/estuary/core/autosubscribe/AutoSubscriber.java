package dev.estuary.core.autosubscribe;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.AutoSubscription;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SessionRegistry;
import dev.estuary.core.session.SubscribeRequest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy subscriptions ({@code auto_subscribe.topics}): when an MQTT client connects, the broker subscribes it to
 * the configured filters, with {@code %c} replaced by its client id and {@code %u} by its username, as if the
 * client had sent SUBSCRIBE (ACL, limits and retained messages apply). A filter with {@code %u} is skipped for a
 * client without a username; a placeholder value that would change the filter's meaning ({@code +}, {@code #},
 * {@code /}) is skipped too. Devices behind adapters are left alone: their subscriptions belong to their adapter.
 */
public final class AutoSubscriber implements BrokerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AutoSubscriber.class);

    private final List<AutoSubscription> topics;
    private final SessionRegistry sessions;

    public AutoSubscriber(List<AutoSubscription> topics, SessionRegistry sessions) {
        this.topics = List.copyOf(topics);
        this.sessions = sessions;
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        if (topics.isEmpty() || !"mqtt".equals(client.protocol())) {
            return;
        }
        List<SubscribeRequest> requests = requestsFor(client);
        Session s = sessions.get(client.clientId());
        if (requests.isEmpty() || s == null) {
            return;
        }
        s.subscribeOnBehalf(requests).thenAccept(codes -> {
            for (int i = 0; i < codes.size(); i++) {
                if (ReasonCodes.isError(codes.get(i))) {
                    LOG.info("proxy subscription of '{}' to {} refused: {}", client.clientId(),
                            requests.get(i).topic(), ReasonCodes.describe(codes.get(i)));
                }
            }
        });
    }

    /** The subscriptions for one client, placeholders filled in. */
    List<SubscribeRequest> requestsFor(ClientInfo client) {
        List<SubscribeRequest> out = new ArrayList<>(topics.size());
        for (AutoSubscription t : topics) {
            String topic = expand(t.topic(), client);
            if (topic != null) {
                out.add(new SubscribeRequest(topic, new SubscriptionOptions(t.qos(), t.noLocal(),
                        t.retainAsPublished(), RetainHandling.of(t.retainHandling()))));
            }
        }
        return out;
    }

    /** The filter with {@code %c} and {@code %u} replaced, or null when a value is missing or unusable. */
    static String expand(String filter, ClientInfo client) {
        String out = filter;
        if (out.contains("%c")) {
            if (!usable(client.clientId())) {
                return null;
            }
            out = out.replace("%c", client.clientId());
        }
        if (out.contains("%u")) {
            if (!usable(client.username())) {
                return null;
            }
            out = out.replace("%u", client.username());
        }
        return out;
    }

    private static boolean usable(String value) {
        return value != null && !value.isEmpty() && value.indexOf('+') < 0 && value.indexOf('#') < 0
                && value.indexOf('/') < 0 && value.indexOf('\0') < 0;
    }
}
