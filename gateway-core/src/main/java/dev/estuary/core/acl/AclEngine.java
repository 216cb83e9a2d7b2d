package dev.estuary.core.acl;

import dev.estuary.core.auth.Authorizer;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.session.ClientInfo;
import java.util.List;

/**
 * The ACL {@link Authorizer}: ordered rules, first match wins, {@code acl_nomatch} for the rest. Each client gets
 * its own {@link ClientAuthorizer} that keeps only the rules that apply to it and caches decisions, so a repeated
 * check costs a volatile read and a map lookup. {@link #update} swaps the rules atomically; clients notice on their
 * next check.
 *
 * <p>Semantics: PUBLISH is checked against publish rules with the topic name; SUBSCRIBE against subscribe rules with
 * the filter (share prefix already removed), where a rule must cover the whole filter; every delivery is checked
 * against subscribe rules with the topic name, so a client allowed to subscribe to {@code #} still never receives a
 * topic that a rule before that denies.
 */
public final class AclEngine implements Authorizer {
    private final boolean nomatchAllows;
    private final int cacheSize;
    private volatile CompiledRules current;

    /**
     * @param rules         the initial rules, in order
     * @param nomatchAllows whether what no rule matches is allowed ({@code auth.acl_nomatch})
     * @param cacheSize     decisions cached per client and kind of check; 0 disables caching
     */
    public AclEngine(List<AclRule> rules, boolean nomatchAllows, int cacheSize) {
        this.nomatchAllows = nomatchAllows;
        this.cacheSize = cacheSize;
        this.current = new CompiledRules(rules);
    }

    @Override
    public ClientAuthorizer forClient(ClientInfo client) {
        return new ClientAcl(this, client, cacheSize);
    }

    /** Replaces the rules; every client's cache is invalidated. */
    public void update(List<AclRule> rules) {
        current = new CompiledRules(rules);
    }

    /** The rules in force. */
    public List<AclRule> rules() {
        return current.rules;
    }

    CompiledRules current() {
        return current;
    }

    boolean nomatchAllows() {
        return nomatchAllows;
    }
}
