package dev.vista;

import dev.vista.internal.kernel.NetworkNamespaces;
import dev.vista.internal.netfilter.NetfilterObservers;
import dev.vista.internal.netfilter.RegisteredTables;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which netfilter tables a trace observes: those registered in the namespace the netns filter names (else the
 * tracer's own) when it starts. What cannot be observed or read is logged, never skipped silently.
 */
final class NetfilterTables {
    private static final Logger LOG = LoggerFactory.getLogger(NetfilterTables.class);

    private NetfilterTables() {
    }

    static NetfilterObservers resolve(long netnsInode) {
        Path namespace = netnsInode == 0 ? null : NetworkNamespaces.file(netnsInode).orElseThrow(() ->
                new InvalidPlanException("no file in /run/netns or /proc refers to network namespace " + netnsInode
                        + ": netfilter hooks are per namespace, and its tables can only be observed from inside it; "
                        + "name a namespace that has a process or an 'ip netns' name"));
        RegisteredTables registered = namespace == null ? RegisteredTables.inCurrentNamespace()
                : NetworkNamespaces.inside(namespace, "vista-netfilter-tables", RegisteredTables::inCurrentNamespace);
        String where = namespace == null ? "this network namespace" : "network namespace " + namespace;
        registered.problems().forEach(problem -> LOG.warn("netfilter tables of {}: {}", where, problem));
        if (!registered.unobserved().isEmpty()) {
            LOG.warn("not observed in {} (netfilter BPF links exist for IPv4 and IPv6 hooks only): {}", where,
                    String.join(", ", registered.unobserved()));
        }
        if (registered.tables().size() > NetfilterObservers.MAX_TABLES) {
            throw new InvalidPlanException(where + " has " + registered.tables().size() + " netfilter tables at "
                    + "distinct hooks and priorities; at most " + NetfilterObservers.MAX_TABLES + " can be observed at "
                    + "once: filter on a namespace with fewer");
        }
        if (registered.tables().isEmpty()) {
            LOG.warn("no iptables or nftables tables in {}: no netfilter verdicts will be reported (tables added "
                    + "after the tracer starts are not observed)", where);
        } else {
            LOG.info("observing {} netfilter tables in {}: {}", registered.tables().size(), where, registered.tables());
        }
        return new NetfilterObservers(registered.tables(), namespace);
    }
}
