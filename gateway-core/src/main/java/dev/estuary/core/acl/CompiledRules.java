package dev.estuary.core.acl;

import java.util.List;

/**
 * An immutable snapshot of the rule list as the engine uses it, with IP blocks parsed once. Clients compare the
 * snapshot they compiled from with the engine's current one ({@code ==}), so a reload costs each client one
 * recompilation on its next check and nothing before that.
 */
final class CompiledRules {
    final List<AclRule> rules;
    final Cidr[] cidrs;

    CompiledRules(List<AclRule> rules) {
        this.rules = List.copyOf(rules);
        this.cidrs = new Cidr[this.rules.size()];
        for (int i = 0; i < cidrs.length; i++) {
            Who w = this.rules.get(i).who();
            cidrs[i] = w.kind() == Who.Kind.IPADDR ? Cidr.parse(w.value()) : null;
        }
    }
}
