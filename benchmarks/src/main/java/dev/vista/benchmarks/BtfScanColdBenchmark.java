package dev.vista.benchmarks;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.functions.FunctionCatalog;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * {@link BtfScanBenchmark}'s BTF parse, kallsyms reading and skb-function scan as a tracer's start meets them:
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

    /** The first scan for the functions taking {@code struct sk_buff *}, on a parsed BTF. */
    @Benchmark
    public List<Btf.FunctionArg> skbFunctions(ParsedVmlinux parsed) {
        return parsed.vmlinux.functionsTakingPointerTo("sk_buff", FunctionCatalog.MAX_ARG_POSITION);
    }
}
