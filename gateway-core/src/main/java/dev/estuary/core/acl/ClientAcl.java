package dev.estuary.core.acl;

import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.routing.Topics;
import dev.estuary.core.session.ClientInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACL of one connected client: the rules that apply to it (by username, client id or address), with its
 * placeholders filled in, plus a per-kind cache of decisions. When the engine's rules change, the next check
 * recompiles and empties the caches. Confined to the client's session lane, like every {@link ClientAuthorizer}.
 */
final class ClientAcl implements ClientAuthorizer {
    private final AclEngine engine;
    private final ClientInfo client;
    private final DecisionCache publish;
    private final DecisionCache subscribe;
    private final DecisionCache receive;
    private CompiledRules compiledFrom;
    private Rule[] rules;

    ClientAcl(AclEngine engine, ClientInfo client, int cacheSize) {
        this.engine = engine;
        this.client = client;
        this.publish = new DecisionCache(cacheSize);
        this.subscribe = new DecisionCache(cacheSize);
        this.receive = new DecisionCache(cacheSize);
        compile(engine.current());
    }

    @Override
    public boolean canPublish(String topic) {
        return decide(publish, Check.PUBLISH, topic);
    }

    @Override
    public boolean canSubscribe(String filter) {
        return decide(subscribe, Check.SUBSCRIBE, filter);
    }

    @Override
    public boolean canReceive(String topic) {
        return decide(receive, Check.RECEIVE, topic);
    }

    private boolean decide(DecisionCache cache, Check check, String topic) {
        CompiledRules current = engine.current();
        if (current != compiledFrom) {
            compile(current);
        }
        Boolean cached = cache.get(topic);
        if (cached != null) {
            return cached;
        }
        boolean allowed = evaluate(check, topic);
        cache.put(topic, allowed);
        return allowed;
    }

    private boolean evaluate(Check check, String topic) {
        String[] levels = null;
        for (Rule r : rules) {
            if (check == Check.PUBLISH ? !r.publish : !r.subscribe) {
                continue;
            }
            if (r.patterns == null) {
                return r.allow;
            }
            for (TopicPattern p : r.patterns) {
                if (levels == null) {
                    levels = Topics.levels(topic);
                }
                if (check == Check.SUBSCRIBE ? p.coversFilter(topic, levels) : p.matchesTopic(topic, levels)) {
                    return r.allow;
                }
            }
        }
        return engine.nomatchAllows();
    }

    private void compile(CompiledRules from) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < from.rules.size(); i++) {
            AclRule r = from.rules.get(i);
            if (!r.who().matches(client, from.cidrs[i])) {
                continue;
            }
            TopicPattern[] patterns = null;
            if (!r.allTopics()) {
                List<TopicPattern> ps = new ArrayList<>(r.topics().size());
                for (AclTopic t : r.topics()) {
                    TopicPattern p = TopicPattern.compile(t, client);
                    if (p != null) {
                        ps.add(p);
                    }
                }
                patterns = ps.toArray(new TopicPattern[0]);
            }
            out.add(new Rule(r.permission() == Permission.ALLOW, r.action().coversPublish(),
                    r.action().coversSubscribe(), patterns));
        }
        rules = out.toArray(new Rule[0]);
        compiledFrom = from;
        publish.clear();
        subscribe.clear();
        receive.clear();
    }

    /** Number of rules that apply to this client (tests). */
    int ruleCount() {
        return rules.length;
    }

    private enum Check { PUBLISH, SUBSCRIBE, RECEIVE }

    /** A rule that applies to this client; {@code patterns} null means every topic. */
    private static final class Rule {
        final boolean allow;
        final boolean publish;
        final boolean subscribe;
        final TopicPattern[] patterns;

        Rule(boolean allow, boolean publish, boolean subscribe, TopicPattern[] patterns) {
            this.allow = allow;
            this.publish = publish;
            this.subscribe = subscribe;
            this.patterns = patterns;
        }
    }
}
