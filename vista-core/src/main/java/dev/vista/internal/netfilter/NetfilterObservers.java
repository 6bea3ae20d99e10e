package dev.vista.internal.netfilter;

import dev.vista.KernelFeatureException;
import dev.vista.event.NetfilterTable;
import dev.vista.internal.attach.Attachments;
import dev.vista.internal.kernel.NetworkNamespaces;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfObject;
import dev.vista.internal.libbpf.BpfProgram;
import dev.vista.internal.libbpf.LibbpfException;
import dev.vista.internal.libbpf.NetfilterLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The netfilter-link observers of a trace: for table i (numbered across the namespaces, in order),
 * vista_nf_before_i at its priority - 1 and vista_nf_after_i at + 1 (netfilter_verdicts.bpf.c). Links are
 * per network namespace, so each namespace's are made by a thread inside it.
 *
 * @param namespaces         the namespaces and their tables (at most {@link #MAX_TABLES} tables in all)
 * @param kprobesUnavailable why the function way cannot be had here (for the error when links cannot either), or
 *                           null when links were asked for where it can
 */
public record NetfilterObservers(List<NamespaceTables> namespaces, String kprobesUnavailable)
        implements NetfilterWatch {
    /** NF_TABLES of netfilter_verdicts.bpf.c: the pairs of programs the object has. */
    public static final int MAX_TABLES = 32;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;

    /**
     * The tables of one network namespace.
     *
     * @param namespace a file naming the namespace (/run/netns/x, /proc/PID/ns/net), or null for the tracer's own
     */
    public record NamespaceTables(Path namespace, List<NetfilterTable> tables) {
        public NamespaceTables {
            tables = List.copyOf(tables);
        }
    }

    public NetfilterObservers {
        namespaces = List.copyOf(namespaces);
        int count = namespaces.stream().mapToInt(n -> n.tables().size()).sum();
        if (count > MAX_TABLES) {
            throw new IllegalArgumentException(count + " netfilter tables, at most " + MAX_TABLES);
        }
    }

    @Override
    public List<NetfilterTable> tables() {
        return namespaces.stream().flatMap(n -> n.tables().stream()).toList();
    }

    /** Before load: keeps the observers of the tables there are, as netfilter programs. */
    public void prepare(BpfObject object) {
        int count = tables().size();
        for (int i = 0; i < MAX_TABLES; i++) {
            for (String name : List.of(before(i), after(i))) {
                BpfProgram program = object.program(name);
                program.setAutoload(i < count);
                if (i < count) {
                    program.setType(NetfilterLink.BPF_PROG_TYPE_NETFILTER, NetfilterLink.BPF_NETFILTER);
                }
            }
        }
    }

    /**
     * Attaches the free observers, then links the netfilter ones in priority order, an "after" before a "before"
     * at the same priority: at equal priority the kernel runs hooks in the order they were registered, and the
     * observer after one table must run before the one before the next. On failure, undoes what it did.
     */
    public List<Attachment> attach(BpfObject object) {
        List<Attachment> attached = new ArrayList<>();
        try {
            attached.add(object.program("vista_nf_kfree_skb").attach());
            attached.add(object.program("vista_nf_consume_skb").attach());
            int first = 0;
            for (NamespaceTables each : namespaces) {
                int offset = first;
                attached.addAll(each.namespace() == null ? link(object, each.tables(), offset)
                        : NetworkNamespaces.inside(each.namespace(), "vista-netfilter-links",
                                () -> link(object, each.tables(), offset)));
                first += each.tables().size();
            }
            return attached;
        } catch (RuntimeException e) {
            Attachments.closeAll(attached, e);
            throw e;
        }
    }

    private record Observer(String program, NetfilterTable table, int priority, boolean after) {
    }

    /** Links the observers of {@code tables}, numbered from {@code first}, in the calling thread's namespace. */
    private List<Attachment> link(BpfObject object, List<NetfilterTable> tables, int first) {
        List<Observer> observers = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            NetfilterTable table = tables.get(i);
            observers.add(new Observer(before(first + i), table, table.priority() - 1, false));
            observers.add(new Observer(after(first + i), table, table.priority() + 1, true));
        }
        observers.sort(Comparator.comparingInt(Observer::priority).thenComparing(o -> !o.after()));
        List<Attachment> links = new ArrayList<>();
        try {
            for (Observer o : observers) {
                String where = o.table().family().pfName() + " " + o.table().hook() + " priority " + o.priority()
                        + (o.after() ? " (after " : " (before ") + o.table().table() + ")";
                links.add(linkOrExplain(object.program(o.program()), o, where));
            }
            return links;
        } catch (RuntimeException e) {
            Attachments.closeAll(links, e);
            throw e;
        }
    }

    private Attachment linkOrExplain(BpfProgram program, Observer o, String where) {
        try {
            return NetfilterLink.create(program, o.table().family().value(), o.table().hookValue(), o.priority(),
                    where);
        } catch (LibbpfException e) {
            throw explain(e, "the link at " + where);
        }
    }

    /**
     * A kernel without netfilter BPF links refuses the program type at load (EINVAL) or the link (EOPNOTSUPP):
     * that is a missing kernel feature, named with what became of the function way. Other failures stay as they
     * are.
     */
    public RuntimeException explain(LibbpfException e, String refused) {
        if (e.errno() != EINVAL && e.errno() != EOPNOTSUPP) {
            return e;
        }
        String links = "netfilter BPF links (CONFIG_NETFILTER_BPF_LINK, Linux 6.4+): this kernel refused " + refused
                + " (errno " + e.errno() + ")";
        if (kprobesUnavailable == null) {
            return new KernelFeatureException("the netfilter-link way needs " + links + "; the function way works "
                    + "here: use NetfilterWay.FUNCTION or let the way be chosen", e);
        }
        return new KernelFeatureException("netfilter verdicts need one of two ways and this kernel has neither: "
                + NetfilterWayChoice.FUNCTION_WAY + " (" + kprobesUnavailable + "), or " + links, e);
    }

    private static String before(int table) {
        return "vista_nf_before_" + table;
    }

    private static String after(int table) {
        return "vista_nf_after_" + table;
    }
}
