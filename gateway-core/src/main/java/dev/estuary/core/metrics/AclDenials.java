package dev.estuary.core.metrics;

import dev.estuary.core.auth.Authorizer;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.session.ClientInfo;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts ACL denials by kind of check (publish, subscribe, receive) for the metrics endpoint: wraps the broker's
 * {@link Authorizer} so that every per-client view it hands out counts its "no" answers. A denial answered from a
 * client's decision cache counts too: each denied request is one count.
 */
public final class AclDenials implements Authorizer {
    private final Authorizer next;
    private final LongAdder publish = new LongAdder();
    private final LongAdder subscribe = new LongAdder();
    private final LongAdder receive = new LongAdder();

    public AclDenials(Authorizer next) {
        this.next = next;
    }

    @Override
    public ClientAuthorizer forClient(ClientInfo client) {
        ClientAuthorizer acl = next.forClient(client);
        if (acl == ClientAuthorizer.ALLOW_ALL) {
            return acl;
        }
        return new ClientAuthorizer() {
            @Override
            public boolean canPublish(String topic) {
                return count(acl.canPublish(topic), publish);
            }

            @Override
            public boolean canSubscribe(String filter) {
                return count(acl.canSubscribe(filter), subscribe);
            }

            @Override
            public boolean canReceive(String topic) {
                return count(acl.canReceive(topic), receive);
            }
        };
    }

    private static boolean count(boolean allowed, LongAdder denials) {
        if (!allowed) {
            denials.increment();
        }
        return allowed;
    }

    public long publishDenied() {
        return publish.sum();
    }

    public long subscribeDenied() {
        return subscribe.sum();
    }

    public long receiveDenied() {
        return receive.sum();
    }

    /** The wrapped authorizer. */
    public Authorizer next() {
        return next;
    }
}
