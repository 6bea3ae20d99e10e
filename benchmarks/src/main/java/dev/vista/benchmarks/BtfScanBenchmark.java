package dev.vista.benchmarks;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.FunctionSelection;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a tracer of kernel functions does before it touches BPF, on the running kernel (warm, ms/op):
 * parse {@code /sys/kernel/btf/vmlinux}, find the functions taking {@code struct sk_buff *} in
 * arguments 1-5, read {@code /proc/kallsyms}, and choose the attachable ones (kallsyms and
 * {@code available_filter_functions}). Reading real kallsyms addresses needs root.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class BtfScanBenchmark {
    private static final Pattern ALL = Pattern.compile(".*");

    private Btf vmlinux;
    private KernelSymbols symbols;

    @Setup
    public void setUp() {
        vmlinux = Btf.vmlinux();
        symbols = KernelSymbols.load();
    }

    /** Read the file (about 5.5 MB) and index its types and names. */
    @Benchmark
    public Btf parseVmlinux() {
        return Btf.vmlinux();
    }

    /** Every FUNC whose first five parameters include a {@code struct sk_buff *}, on a parsed BTF. */
    @Benchmark
    public List<Btf.FunctionArg> skbFunctions() {
        return vmlinux.functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
    }

    /** The BTF scan as a tracer starts it: parse, then find the skb functions. */
    @Benchmark
    public List<Btf.FunctionArg> parseAndScan() {
        return Btf.vmlinux().functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
    }

    /** Read and index {@code /proc/kallsyms}. */
    @Benchmark
    public KernelSymbols kallsyms() {
        return KernelSymbols.load();
    }

    /** The selection as a tracer does it, BTF already parsed: kallsyms, ftrace's list, the catalog, then select. */
    @Benchmark
    public FunctionSelection selectAllSkbFunctions() {
        return FunctionCatalog.load(vmlinux, KernelSymbols::load, Set.of(), false).select("sk_buff", ALL);
    }

    /** The same selection with kallsyms already read: the catalog and the name, kallsyms and ftrace checks. */
    @Benchmark
    public FunctionSelection selectWithLoadedKallsyms() {
        return FunctionCatalog.load(vmlinux, () -> symbols, Set.of(), false).select("sk_buff", ALL);
    }
}
