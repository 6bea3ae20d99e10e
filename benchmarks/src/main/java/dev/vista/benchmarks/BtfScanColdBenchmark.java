package dev.vista.benchmarks;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.cache.IndexCache;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.functions.KernelFiles;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link BtfScanBenchmark}'s BTF parse, kallsyms reading and skb-function scan, and the reading of ftrace's list of
 * functions, as a tracer's start meets them:
 * once, in a fresh JVM, before the JIT has compiled their loops (single shot, one per fork). Run it with
 * {@code -jvmArgsAppend -Xint} too, for the interpreter alone, which is most of what an emulated CPU pays.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BtfScanColdBenchmark {
    /** The BTF the scan reads, parsed in the scan's setup only: the other two meet their code first. */
    @State(Scope.Benchmark)
    public static class ParsedVmlinux {
        private Btf vmlinux;

        @Setup
        public void parse() {
            vmlinux = Btf.vmlinux();
        }
    }

    /**
     * An {@code available_filter_functions} as ftrace writes it, one code symbol of kallsyms per line ({@code name}
     * or {@code name [module]}), and the BTF parsed: our hosts have no tracefs, so the list is made from kallsyms,
     * which has more names (107k here against the 43k of Debian's 6.12 in the VM).
     */
    @State(Scope.Benchmark)
    public static class FtraceList {
        private Btf vmlinux;
        private KernelFiles files;

        @Setup
        public void write() throws IOException {
            vmlinux = Btf.vmlinux();
            Path list = Files.createTempFile("available_filter_functions", "");
            list.toFile().deleteOnExit();
            try (Stream<String> lines = Files.lines(Path.of("/proc/kallsyms"))) {
                Files.write(list, lines.map(line -> line.split("[ \t]+")).filter(f -> f[1].equalsIgnoreCase("t"))
                        .map(f -> f.length > 3 ? f[2] + " " + f[3] : f[2]).toList());
            }
            files = new KernelFiles(Path.of("/sys/kernel/btf"), List.of(list));
        }
    }

    /**
     * A kernel index cache holding the indexes of the kernel's BTF and of its functions taking
     * {@code struct sk_buff *}, made in the setup (which meets the reading and the checksum once, not the indexes'
     * reading back).
     */
    @State(Scope.Benchmark)
    public static class FilledIndexCache {
        private Path dir;
        private IndexCache cache;

        @Setup
        public void fill() throws IOException {
            dir = Files.createTempDirectory("vista-index-cache");
            cache = IndexCache.in(dir);
            Btf.vmlinux(cache).functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
        }

        @TearDown
        public void delete() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** The first parse of {@code /sys/kernel/btf/vmlinux} in the JVM. */
    @Benchmark
    public Btf parseVmlinux() {
        return Btf.vmlinux();
    }

    /** The first reading of {@code /proc/kallsyms} in the JVM. */
    @Benchmark
    public KernelSymbols kallsyms() {
        return KernelSymbols.load();
    }

    /** The first catalog in the JVM: reads ftrace's list (no module BTF is asked for). */
    @Benchmark
    public FunctionCatalog catalogWithFtraceList(FtraceList list) {
        return FunctionCatalog.load(list.files, list.vmlinux, () -> {
            throw new IllegalStateException("a catalog with ftrace's list reads no kallsyms");
        }, Set.of(), false);
    }

    /**
     * The first parse and skb-function scan in the JVM with their indexes read back from a kernel index cache: what
     * {@link #parseVmlinux} and {@link #skbFunctions} cost a start that has the cache.
     */
    @Benchmark
    public List<Btf.FunctionArg> parseAndScanFromIndexCache(FilledIndexCache filled) {
        return Btf.vmlinux(filled.cache).functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
    }

    /** The first scan for the functions taking {@code struct sk_buff *}, on a parsed BTF. */
    @Benchmark
    public List<Btf.FunctionArg> skbFunctions(ParsedVmlinux parsed) {
        return parsed.vmlinux.functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
    }
}
