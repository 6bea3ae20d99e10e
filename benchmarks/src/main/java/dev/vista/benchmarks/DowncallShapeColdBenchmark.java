package dev.vista.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
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
 * What a start pays for each new downcall shape (a {@code FunctionDescriptor} not bound before in the JVM): the FFM
 * linker spins classes for each, and caches them by descriptor. Twelve handles of twelve new descriptors against
 * twelve handles of one, once, in a fresh JVM whose linker has bound three shapes already (single shot, one per
 * fork). Binding does not call: the symbol is any libc function.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DowncallShapeColdBenchmark {
    private static final int HANDLES = 12;
    private static final ValueLayout[] ARGUMENT_KINDS = {ADDRESS, JAVA_INT, JAVA_LONG};

    @State(Scope.Benchmark)
    public static class BoundLinker {
        private final Linker linker = Linker.nativeLinker();
        private MemorySegment symbol;
        private final List<FunctionDescriptor> distinct = new ArrayList<>();

        @Setup
        @SuppressWarnings("restricted") // binding, never calling
        public void bindThreeShapes() {
            symbol = linker.defaultLookup().find("getpid").orElseThrow();
            linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT));
            linker.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS, ADDRESS));
            linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS));
            for (int combination = 0; distinct.size() < HANDLES; combination++) { // two arguments, then three
                int arguments = combination < 9 ? 2 : 3;
                MemoryLayout[] layouts = new MemoryLayout[arguments];
                for (int i = 0, rest = combination; i < arguments; i++, rest /= ARGUMENT_KINDS.length) {
                    layouts[i] = ARGUMENT_KINDS[rest % ARGUMENT_KINDS.length];
                }
                distinct.add(FunctionDescriptor.of(combination % 2 == 0 ? JAVA_INT : ADDRESS, layouts));
            }
        }
    }

    @Benchmark
    @SuppressWarnings("restricted") // binding, never calling
    public MethodHandle[] twelveNewShapes(BoundLinker state) {
        MethodHandle[] handles = new MethodHandle[HANDLES];
        for (int i = 0; i < HANDLES; i++) {
            handles[i] = state.linker.downcallHandle(state.symbol, state.distinct.get(i));
        }
        return handles;
    }

    @Benchmark
    @SuppressWarnings("restricted") // binding, never calling
    public MethodHandle[] twelveHandlesOfOneNewShape(BoundLinker state) {
        MethodHandle[] handles = new MethodHandle[HANDLES];
        FunctionDescriptor shape = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        for (int i = 0; i < HANDLES; i++) {
            handles[i] = state.linker.downcallHandle(state.symbol, shape);
        }
        return handles;
    }
}
