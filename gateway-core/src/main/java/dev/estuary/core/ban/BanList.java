package dev.estuary.core.ban;

import dev.estuary.core.acl.Cidr;
import dev.estuary.core.session.ClientInfo;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bans in force, in memory, so that a connect is checked without touching SQLite; changes are written through
 * to the {@link BanStore} on the database executor (so a ban survives a restart). Thread-safe.
 */
public final class BanList {
    private static final Logger LOG = LoggerFactory.getLogger(BanList.class);

    private final BanStore store;
    private final Executor database;
    private final Clock clock;
    private final ConcurrentHashMap<Ban.Key, Ban> bans = new ConcurrentHashMap<>();
    /** The IP bans, parsed, rebuilt on every change (there are few). */
    private volatile List<IpBan> ipBans = List.of();

    private record IpBan(Cidr cidr, Ban ban) {
    }

    private BanList(BanStore store, Executor database, Clock clock) {
        this.store = store;
        this.database = database;
        this.clock = clock;
    }

    /** Loads the stored bans (blocking: call at startup). */
    public static BanList load(BanStore store, Executor database, Clock clock) {
        BanList list = new BanList(store, database, clock);
        for (Ban b : store.list()) {
            list.bans.put(b.key(), b);
        }
        list.rebuildIpBans();
        return list;
    }

    /** A list kept in memory only (tests, embedded use). */
    public static BanList inMemory(Clock clock) {
        return new BanList(null, Runnable::run, clock);
    }

    /** The ban that refuses this client now, or null. Answers from memory; safe on event loops. */
    public Ban find(ClientInfo client) {
        if (bans.isEmpty()) {
            return null;
        }
        long now = clock.millis();
        Ban b = live(bans.get(new Ban.Key(BanKind.CLIENTID, client.clientId())), now);
        if (b == null && client.username() != null) {
            b = live(bans.get(new Ban.Key(BanKind.USERNAME, client.username())), now);
        }
        if (b == null && client.remoteAddress() != null && client.remoteAddress().getAddress() != null) {
            InetAddress ip = client.remoteAddress().getAddress();
            for (IpBan ipBan : ipBans) {
                if (!ipBan.ban().expired(now) && ipBan.cidr().contains(ip)) {
                    return ipBan.ban();
                }
            }
        }
        return b;
    }

    private static Ban live(Ban b, long now) {
        return b == null || b.expired(now) ? null : b;
    }

    /** Adds (or replaces) a ban: in force at once, stored on the database executor. */
    public CompletableFuture<Void> add(Ban ban) {
        bans.put(ban.key(), ban);
        rebuildIpBans();
        LOG.info("banned {} '{}' {}{}", ban.kind().label(), ban.value(), ban.untilMillis() == 0 ? "until removed"
                : "until " + java.time.Instant.ofEpochMilli(ban.untilMillis()),
                ban.reason() == null ? "" : ": " + ban.reason());
        return persist(() -> store.put(ban));
    }

    /** Removes a ban; the future says whether there was one. */
    public CompletableFuture<Boolean> remove(Ban.Key key) {
        boolean existed = bans.remove(key) != null;
        rebuildIpBans();
        if (existed) {
            LOG.info("ban of {} '{}' removed", key.kind().label(), key.value());
        }
        return persist(() -> store.delete(key)).thenApply(v -> existed);
    }

    /** The bans in force, oldest first. */
    public List<Ban> list() {
        long now = clock.millis();
        List<Ban> out = new ArrayList<>();
        for (Ban b : bans.values()) {
            if (!b.expired(now)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparingLong(Ban::createdAtMillis).thenComparing(b -> b.kind().label())
                .thenComparing(Ban::value));
        return out;
    }

    /** The ban with this key if it is in force, else null. */
    public Ban get(Ban.Key key) {
        return live(bans.get(key), clock.millis());
    }

    /** Forgets expired bans, here and in the store. Returns how many were forgotten from memory. */
    public int purgeExpired() {
        long now = clock.millis();
        int n = 0;
        for (Ban b : bans.values()) {
            if (b.expired(now) && bans.remove(b.key(), b)) {
                n++;
            }
        }
        if (n > 0) {
            rebuildIpBans();
        }
        persist(() -> store.deleteExpired(now));
        return n;
    }

    private void rebuildIpBans() {
        List<IpBan> out = new ArrayList<>();
        for (Ban b : bans.values()) {
            if (b.kind() == BanKind.IPADDR) {
                out.add(new IpBan(Cidr.parse(b.value()), b));
            }
        }
        ipBans = List.copyOf(out);
    }

    private CompletableFuture<Void> persist(Runnable write) {
        if (store == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(write, database).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("cannot store the ban list change in the database; it is in force until the next restart",
                        e);
            }
        });
    }
}
