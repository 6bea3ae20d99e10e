package dev.vista.internal.kernel;

import dev.vista.internal.btf.Btf;
import dev.vista.internal.cache.IndexCache;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.libc.Libc;
import dev.vista.internal.threads.Uninterruptibly;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every trace of the running kernel needs whatever it traces, begun before the trace is even planned, e.g.
 * while a command line is parsed: the kernel's BTF on one thread; libbpf's bindings (the FFM linker's set-up, the
 * version check, the functions a packet trace calls), then the C library's (the ring buffer's mmap and poll) on
 * another. A trace needs the BTF and libbpf first and both at once; one thread for all three kept a CLI's trace
 * waiting for the C library's bindings too (BENCHMARKS.md, issue 19). The next trace to start takes the
 * preparation (once: nothing stays held after that). Failures are not reported here: the trace does that part
 * again itself and meets them with the exception it would get without the preparation.
 *
 * <p>Nothing here logs: slf4j-simple fixes its level when the first logger is made, and a command line
 * being parsed meanwhile may be what sets it.
 */
public final class KernelPreparation {
    private static final AtomicReference<KernelPreparation> PENDING = new AtomicReference<>();

    private final IndexCache cache;
    private final FutureTask<Parsed> btf = new FutureTask<>(this::parseBtf);

    private record Parsed(Btf btf, long nanos) {
    }

    private KernelPreparation(IndexCache cache) {
        this.cache = cache;
    }

    /**
     * Begins the preparation unless one is waiting to be taken already; the BTF's indexes are read from (or made
     * into) {@code cache}.
     */
    public static void begin(IndexCache cache) {
        KernelPreparation preparation = new KernelPreparation(cache);
        if (PENDING.compareAndSet(null, preparation)) {
            Thread.ofPlatform().name("vista-prepare-btf").daemon().start(preparation.btf);
            Thread.ofPlatform().name("vista-prepare").daemon().start(KernelPreparation::bindLibraries);
        }
    }

    /** The waiting preparation, taken: later calls get null until {@link #begin} again. */
    public static KernelPreparation take() {
        return PENDING.getAndSet(null);
    }

    /** The running kernel's BTF, once parsed, as {@link KernelBtf#running} gives it (and throws). */
    public KernelBtf kernelBtf() {
        Parsed parsed;
        try {
            parsed = Uninterruptibly.get(btf);
        } catch (ExecutionException e) {
            parsed = null;
        }
        return parsed == null ? KernelBtf.running(cache) : KernelBtf.parsed(parsed.btf(), parsed.nanos());
    }

    /** The BTF, or null if it cannot be read (KernelBtf.running then says why). */
    private Parsed parseBtf() {
        long started = System.nanoTime();
        try {
            return new Parsed(Btf.vmlinux(cache), System.nanoTime() - started);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * libbpf's bindings (their downcall shape) and our tracepoint section, then libc's: a trace's thread that needs one
     * while it is being made waits for that class's initialisation.
     */
    private static void bindLibraries() {
        try {
            Libbpf.require();
            Libbpf.registerTracepointSection();
        } catch (RuntimeException | LinkageError e) {
            // The trace's own Libbpf.require() reports it.
        }
        try {
            // Its downcall handles: 20-50 ms that the trace's main thread paid after loading (BENCHMARKS.md).
            MethodHandles.lookup().ensureInitialized(Libc.class);
        } catch (IllegalAccessException | LinkageError e) {
            // The trace initialises it itself, and meets the failure there.
        }
    }
}
