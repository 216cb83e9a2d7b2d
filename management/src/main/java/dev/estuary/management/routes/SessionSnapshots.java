package dev.estuary.management.routes;

import dev.estuary.core.Broker;
import dev.estuary.core.routing.Subscription;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import dev.estuary.management.api.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consistent views of sessions for the API: each one is read on its own lane (session state is confined to it),
 * and the API waits for all of them, at most 5 seconds.
 */
final class SessionSnapshots {
    private static final long TIMEOUT_SECONDS = 5;

    private SessionSnapshots() {
    }

    /** One session as read on its lane. */
    record Snapshot(ClientInfo client, boolean online, long expirySeconds, int inflight, int queued,
                    int awaitingRel, long disconnectedAtMillis, Map<String, Subscription> subscriptions) {
    }

    /** Every session that has had a connection, by client id. */
    static List<Snapshot> all(Broker broker) {
        List<CompletableFuture<Snapshot>> futures = new ArrayList<>();
        for (Session s : broker.sessions().all()) {
            futures.add(of(s));
        }
        List<Snapshot> out = new ArrayList<>(futures.size());
        for (CompletableFuture<Snapshot> f : futures) {
            Snapshot s = join(f);
            if (s != null) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.client().clientId()));
        return out;
    }

    /** One session, or null when there is none. */
    static Snapshot one(Broker broker, String clientId) {
        Session s = broker.sessions().get(clientId);
        return s == null ? null : join(of(s));
    }

    private static CompletableFuture<Snapshot> of(Session s) {
        CompletableFuture<Snapshot> f = new CompletableFuture<>();
        s.runOnLane(() -> {
            ClientInfo c = s.client();
            f.complete(c == null || s.isTerminated() ? null : new Snapshot(c, s.isOnline(), s.expirySeconds(),
                    s.inflightCount(), s.queuedCount(), s.awaitingRelCount(), s.disconnectedAtMillis(),
                    s.subscriptions()));
        });
        return f;
    }

    private static Snapshot join(CompletableFuture<Snapshot> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("the broker did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
    }
}
