package dev.vista;

import dev.vista.event.NetfilterWay;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.BackendProbe;
import dev.vista.internal.kernel.NetworkNamespaces;
import dev.vista.internal.netfilter.NetfilterFunctions;
import dev.vista.internal.netfilter.NetfilterObservers;
import dev.vista.internal.netfilter.NetfilterObservers.NamespaceTables;
import dev.vista.internal.netfilter.NetfilterWatch;
import dev.vista.internal.netfilter.NetfilterWayChoice;
import dev.vista.internal.netfilter.RegisteredTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a trace observes netfilter verdicts and which tables: the way the kernel allows (or the one asked for), and
 * the tables registered when it starts in the namespaces it names, else in the namespace the netns filter names,
 * else in the tracer's own. What cannot be observed or read is logged, never skipped silently.
 */
final class NetfilterTables {
    private static final Logger LOG = LoggerFactory.getLogger(NetfilterTables.class);

    /** A function every kernel with netfilter has, where the kprobe probe attaches. */
    private static final String PROBED_FUNCTION = "nf_hook_slow";

    private NetfilterTables() {
    }

    /**
     * The way and the tables of {@code namespaces} (files naming them), or when there are none of the namespace
     * with inode {@code netnsInode} (0: the tracer's own). The same namespace named twice is read once.
     *
     * @param requested the way asked for, or null to choose by probing kprobes (with {@code symbols})
     */
    static NetfilterWatch resolve(long netnsInode, List<Path> namespaces, NetfilterWay requested,
            Supplier<KernelSymbols> symbols) {
        String kprobesUnavailable = requested == NetfilterWay.NETFILTER_LINK ? null
                : new BackendProbe(PROBED_FUNCTION, symbols).probe(Backend.KPROBE);
        NetfilterWay way = NetfilterWayChoice.choose(requested, kprobesUnavailable);
        LOG.info("observing netfilter verdicts through {}{}", way == NetfilterWay.FUNCTION
                ? "the tables' kernel functions (kprobes)" : "netfilter BPF links",
                kprobesUnavailable == null ? "" : " (kprobes do not work here: " + kprobesUnavailable + ")");
        List<Path> where = namespaces(netnsInode, namespaces);
        List<NamespaceTables> observed = where.stream().map(namespace -> registered(namespace, way)).toList();
        if (way == NetfilterWay.FUNCTION) {
            NetfilterFunctions functions = NetfilterFunctions.find(
                    observed.stream().flatMap(n -> n.tables().stream()).distinct().toList(), symbols.get());
            if (functions.functions().isEmpty()) {
                LOG.warn("none of the netfilter table functions is in the kernel's symbols (their modules are not "
                        + "loaded): no netfilter verdicts will be reported");
            }
            return functions;
        }
        int count = observed.stream().mapToInt(n -> n.tables().size()).sum();
        if (count > NetfilterObservers.MAX_TABLES) {
            throw new InvalidPlanException(count + " netfilter tables at distinct hooks and priorities in " + where
                    + "; at most " + NetfilterObservers.MAX_TABLES + " can be observed at once: "
                    + "observe fewer namespaces");
        }
        return new NetfilterObservers(observed, kprobesUnavailable);
    }

    private static List<Path> namespaces(long netnsInode, List<Path> namespaces) {
        List<Path> where = new ArrayList<>();
        if (!namespaces.isEmpty()) {
            Set<Long> seen = new HashSet<>();
            namespaces.stream().filter(file -> seen.add(inode(file))).forEach(where::add);
        } else if (netnsInode != 0) {
            where.add(NetworkNamespaces.file(netnsInode).orElseThrow(() -> new InvalidPlanException(
                    "no file in /run/netns or /proc refers to network namespace " + netnsInode + ": netfilter hooks "
                    + "are per namespace, and its tables can only be observed from inside it; name a namespace "
                    + "that has a process or an 'ip netns' name")));
        } else {
            where.add(null);
        }
        return where;
    }

    /** Reads one namespace's tables (null: the tracer's own) and logs what cannot be observed. */
    private static NamespaceTables registered(Path namespace, NetfilterWay way) {
        RegisteredTables registered = namespace == null ? RegisteredTables.inCurrentNamespace(way)
                : NetworkNamespaces.inside(namespace, "vista-netfilter-tables",
                        () -> RegisteredTables.inCurrentNamespace(way));
        String where = namespace == null ? "this network namespace" : "network namespace " + namespace;
        registered.problems().forEach(problem -> LOG.warn("netfilter tables of {}: {}", where, problem));
        if (!registered.unobserved().isEmpty()) {
            LOG.warn("not observed in {} ({}): {}", where, way == NetfilterWay.FUNCTION
                    ? "the function way names IPv4, IPv6, ARP and bridge tables at their hooks"
                    : "the kernel refuses netfilter BPF links at ARP and bridge hooks: IPv4 and IPv6 only; "
                            + "the function way (kprobes) reports ARP and bridge tables",
                    String.join(", ", registered.unobserved()));
        }
        if (registered.tables().isEmpty()) {
            LOG.warn("no iptables or nftables tables in {}: no netfilter verdicts will be reported from it (tables "
                    + "added after the tracer starts are not observed)", where);
        } else {
            LOG.info("observing {} netfilter tables in {}: {}", registered.tables().size(), where, registered.tables());
        }
        return new NamespaceTables(namespace, registered.tables());
    }

    private static long inode(Path nsFile) {
        try {
            return ((Number) Files.getAttribute(nsFile, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new InvalidPlanException("cannot read network namespace file " + nsFile + ": " + e.getMessage(), e);
        }
    }
}
