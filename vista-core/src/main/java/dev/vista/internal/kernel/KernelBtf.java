package dev.vista.internal.kernel;

import dev.vista.InvalidPlanException;
import dev.vista.KernelFeatureException;
import dev.vista.event.DropReason;
import dev.vista.event.SkTracepoint;
import dev.vista.event.Tracepoint;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfException;
import dev.vista.internal.btf.BtfKind;
import dev.vista.internal.cache.IndexCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the running kernel's BTF tells us: which skb tracepoints exist and how drop reasons are named. */
public final class KernelBtf {
    private static final Logger LOG = LoggerFactory.getLogger(KernelBtf.class);
    private static final String DROP_REASON_PREFIX = "SKB_DROP_REASON_";
    private final Btf btf;

    private KernelBtf(Btf btf) {
        this.btf = btf;
    }

    /** The running kernel's, with its indexes from {@code cache} where made before. */
    public static KernelBtf running(IndexCache cache) {
        if (!Files.isReadable(Btf.VMLINUX)) {
            throw new KernelFeatureException(Btf.VMLINUX + " is missing or unreadable: this kernel has no BTF "
                    + "(CONFIG_DEBUG_INFO_BTF=y is needed for tp_btf tracing); use a distribution kernel built with BTF");
        }
        try {
            long started = System.nanoTime();
            return parsed(Btf.vmlinux(cache), System.nanoTime() - started);
        } catch (BtfException e) {
            throw new KernelFeatureException("cannot read the kernel's BTF: " + e.getMessage(), e);
        }
    }

    /** The running kernel's BTF, parsed elsewhere (KernelPreparation) in {@code nanos}. */
    static KernelBtf parsed(Btf vmlinux, long nanos) {
        LOG.debug("parsed the kernel's BTF from {} in {} ms", Btf.VMLINUX, nanos / 1_000_000);
        return new KernelBtf(vmlinux);
    }

    /** BTF of the running kernel from another file (TracerBuilder.kernelBtf), indexed in {@code cache}. */
    public static KernelBtf load(Path file, IndexCache cache) {
        try {
            return new KernelBtf(Btf.load(file, cache));
        } catch (BtfException e) {
            throw new InvalidPlanException("kernel BTF file " + file + " is not usable: " + e.getMessage(), e);
        }
    }

    /** The parsed vmlinux BTF, for finding kernel functions. */
    public Btf btf() {
        return btf;
    }

    /**
     * Whether the kernel has the kfunc {@code bpf_rdonly_cast} (Linux 6.2+), with which the kprobe programs
     * type the pointers they find in registers so that they read kernel structs with plain loads.
     */
    public boolean hasReadOnlyCast() {
        return btf.findType(BtfKind.FUNC, "bpf_rdonly_cast").isPresent();
    }

    /** The tracepoints of {@link Tracepoint} this kernel has (a {@code btf_trace_<name>} typedef each). */
    public Set<Tracepoint> availableTracepoints() {
        Set<Tracepoint> available = EnumSet.noneOf(Tracepoint.class);
        for (Tracepoint tp : Tracepoint.values()) {
            if (btf.tracepointType(tp.kernelName()).isPresent()) {
                available.add(tp);
            }
        }
        return available;
    }

    /** The tracepoints of {@link SkTracepoint} this kernel has. */
    public Set<SkTracepoint> availableSkTracepoints() {
        Set<SkTracepoint> available = EnumSet.noneOf(SkTracepoint.class);
        for (SkTracepoint tp : SkTracepoint.values()) {
            if (btf.tracepointType(tp.kernelName()).isPresent()) {
                available.add(tp);
            }
        }
        return available;
    }

    /** The kernel's {@code enum skb_drop_reason}, value to reason, names without the common prefix. */
    public Map<Integer, DropReason> dropReasons() {
        Map<Integer, DropReason> reasons = new HashMap<>();
        for (Btf.EnumValue value : btf.enumValues("skb_drop_reason")) {
            String name = value.name().startsWith(DROP_REASON_PREFIX)
                    ? value.name().substring(DROP_REASON_PREFIX.length()) : value.name();
            reasons.put((int) value.value(), new DropReason((int) value.value(), name));
        }
        return reasons;
    }
}
