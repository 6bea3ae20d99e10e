package dev.vista;

import dev.vista.event.SkTracepoint;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.EventPoller;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.decode.SkbStructs;
import dev.vista.internal.netfilter.NetfilterWatch;
import dev.vista.internal.cache.IndexCache;
import dev.vista.internal.kallsyms.BackgroundSymbols;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.kernel.KernelBtf;
import dev.vista.internal.kernel.KernelPreparation;
import dev.vista.internal.kernel.Privileges;
import dev.vista.internal.load.ConfigValues;
import dev.vista.internal.load.ConfigValues.StructCopies;
import dev.vista.internal.pcapfilter.PcapFilter;
import dev.vista.internal.programs.FentryOnPrograms;
import dev.vista.internal.programs.ProgramsByAddress;
import dev.vista.internal.programs.TracedPrograms;
import dev.vista.internal.load.LoadedTrace;
import dev.vista.internal.load.TraceLoader;
import dev.vista.internal.load.TraceRequest;
import dev.vista.internal.load.StackMode;
import dev.vista.internal.attach.SelectedFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running trace. Programs stay attached until {@link #close()}; they are also released when
 * the JVM shuts down, and by the kernel when the process dies (links are held by file descriptor,
 * never pinned). {@code close()} may be called from any thread, a callback of this tracer included.
 *
 * <pre>{@code
 * try (Tracer t = Tracer.builder().traceSkb().filterProtocol(Protocol.UDP).filterPort(53)
 *         .onEvent(e -> log.info("{}", e)).start()) { ... }
 * }</pre>
 */
public final class Tracer implements AutoCloseable {
    /**
     * Made when first used, not with the class: prepareInBackground() may run before a program has
     * configured its logging (slf4j-simple fixes its level when its first logger is made).
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    }

    private static final int POLL_MILLIS = 5;
    /**
     * How long close() waits for a callback that is still running. Bounded, so that a callback blocked
     * for ever cannot hang close() nor a JVM shutting down (the hook closes too); the links are detached
     * before the wait, so the kernel produces nothing more whatever the callback does.
     */
    static final Duration CALLBACK_WAIT = Duration.ofSeconds(2);

    private final TracePlan plan;
    private final Set<Tracepoint> attached;
    private final LoadedTrace kernel;
    private final EventDispatcher dispatcher;
    private final EventPoller poller;
    private final EventQueue<TraceEvent> queue;
    private final long startedNanos;
    private final Thread shutdownHook;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Guards the kernel's maps against release while stats() reads them. */
    private final Object kernelLock = new Object();
    private boolean released;
    private long lostAtRelease;

    private Tracer(TracePlan plan, Set<Tracepoint> attached, LoadedTrace kernel, EventDispatcher dispatcher,
            EventQueue<TraceEvent> queue, FailureReports failures, long startedNanos) {
        this.plan = plan;
        this.queue = queue;
        this.attached = Set.copyOf(attached);
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.startedNanos = startedNanos;
        this.poller = new EventPoller(kernel.ring(), dispatcher, kernel, POLL_MILLIS, failures,
                this::release);
        this.shutdownHook = Thread.ofPlatform().name("vista-shutdown").unstarted(this::closeAtShutdown);
    }

    public static TracerBuilder builder() {
        return new TracerBuilder();
    }

    /**
     * Begins, on background threads, what every trace of this kernel needs whatever it traces: parsing the
     * kernel's BTF on one; loading libbpf's bindings, then making the C library's bindings the ring buffer uses,
     * on another (together about 0.2 s of CPU, BENCHMARKS.md).
     * The next {@code start()} takes that work over instead of doing it on its own thread. Optional: call
     * it first thing where a program does other work before it starts a trace, such as parsing its
     * command line; a failure shows at {@code start()} as it would without it. Does nothing while one is
     * waiting to be taken.
     */
    public static void prepareInBackground() {
        KernelPreparation.begin(IndexCache.NONE);
    }

    /**
     * As {@link #prepareInBackground()}, with the kernel's indexes kept in {@code kernelIndexCache} between runs, as
     * {@link TracerBuilder#kernelIndexCache} has them.
     */
    public static void prepareInBackground(Path kernelIndexCache) {
        KernelPreparation.begin(IndexCache.in(Objects.requireNonNull(kernelIndexCache, "kernelIndexCache")));
    }

    /** Runs {@code command} (program and arguments) and reports the sockets it and its descendants use (tcpw). */
    public static CommandTracing traceCommand(List<String> command) {
        return new CommandTracing(command);
    }

    static Tracer start(TracePlan plan, EventSinks sinks, Consumer<? super AttachProgress> attachListener,
            Consumer<? super TracerFailureException> onError) {
        // slf4j starts here, on the caller's thread: the symbols' thread below logs, and two threads starting
        // slf4j at once make it print a warning about replayed calls.
        LoggerFactory.getILoggerFactory();
        Libbpf.require();
        Privileges.requireTracing();
        Filters filters = plan.filters();
        Sources sources = plan.sources();
        if (filters.ifname() != null) {
            IfnameCheck.check(filters.ifname(), filters.netnsInode()).ifPresent(Log.LOG::warn);
        }
        // /proc/kallsyms is read while BTF is parsed and the programs load when start-up needs the symbols (for
        // kprobes' addresses, netfilter's tables, kfree_skbmem). Otherwise events need them only to name callers
        // and what the attaching did not name, and the reading waits for the trace to be attached: beside start-up
        // it takes a CPU from it (on two CPUs, BENCHMARKS.md). What asks for them sooner (a kernel without
        // available_filter_functions, a probe that comes to kprobes) reads them then. Should start-up fail, a
        // reading begun ends unused.
        BackgroundSymbols symbols = BackgroundSymbols.notBegun();
        if ((sources.functions() != null && sources.functions().backend() == Backend.KPROBE)
                || sources.traceNetfilter() || filters.trackSkb()) {
            symbols.begin();
        }
        KernelPreparation prepared = KernelPreparation.take(); // libbpf's bindings and the BTF, if begun earlier
        IndexCache cache = IndexCache.in(plan.kernelIndexCache());
        KernelBtf btf = plan.kernelBtf() != null ? KernelBtf.load(plan.kernelBtf(), cache)
                : prepared != null ? prepared.kernelBtf() : KernelBtf.running(cache);
        Set<Tracepoint> tracepoints = sources.traceTracepoints() ? choose(sources, btf.availableTracepoints())
                : EnumSet.noneOf(Tracepoint.class);
        SelectedFunctions functions = SelectedFunctions.resolve(sources.functions(), btf, symbols::join);
        btf.btf().indexCache().takeNotes().forEach(note -> Log.LOG.debug("kernel index cache: {}", note));
        NetfilterWatch netfilter = sources.traceNetfilter() ? NetfilterTables.resolve(filters.netnsInode(),
                sources.netfilterNamespaces(), sources.netfilterWay(), symbols::join) : null;
        long freeFunction = filters.trackSkb() ? symbols.join().textAddress("kfree_skbmem", null).orElse(0) : 0;
        PcapFilter pcapFilter = filters.pcapFilter() == null ? null : PcapFilter.compile(filters.pcapFilter());
        TracedPrograms programs = sources.programs().isEmpty() ? null : followPrograms(sources);
        LoadedTrace kernel = load(functions, new TraceRequest(tracepoints, functions.bySlot(),
                functions.backend(), functions.kprobeBatch(), symbols::join, sources.traceTcpLifetime(),
                sources.cgroupSockets(),
                sources.traceSkTracepoints() ? btf.availableSkTracepoints() : EnumSet.noneOf(SkTracepoint.class),
                netfilter, programs, configValues(plan, freeFunction), pcapFilter,
                plan.ringBufferBytes(), plan.kernelBtf(), plan.kernelBtf() == null ? btf.btf() : null, attachListener));
        long startedNanos = System.nanoTime();
        Tracer tracer;
        try {
            boolean structs = plan.outputs().has(Output.SKB) || plan.outputs().has(Output.SHINFO);
            EventDecoder decoder = new EventDecoder(btf.dropReasons(), symbols::join, epochNanos() - startedNanos,
                    netfilter == null ? List.of() : netfilter.tables(), structs ? new SkbStructs(btf.btf()) : null,
                    programs == null ? ProgramsByAddress.NONE : programs, kernel.functionNames());
            FailureReports failures = new FailureReports(onError);
            RecordSinks records = RecordSinkWiring.wire(sinks, decoder, failures);
            tracer = new Tracer(plan, tracepoints, kernel, new EventDispatcher(records, plan.outputs().limit(), failures, decoder),
                    sinks.queue(), failures, startedNanos);
            Runtime.getRuntime().addShutdownHook(tracer.shutdownHook);
        } catch (IllegalStateException e) {
            kernel.close();
            throw new VistaException("the JVM is shutting down: the tracer was not started", e);
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
        tracer.poller.start();
        symbols.begin();
        if (!tracepoints.isEmpty()) {
            Log.LOG.info("tracing {} tracepoints: {}", tracepoints.size(), tracepoints);
        }
        if (kernel.attachedFunctions() > 0) {
            Log.LOG.info("tracing {} kernel functions with {}", kernel.attachedFunctions(),
                    functions.backend().shortName());
        }
        if (sources.traceTcpLifetime()) {
            Log.LOG.info("tracing TCP connection lifetimes");
        }
        if (sources.traceSkTracepoints()) {
            Log.LOG.info("tracing sockets on the sock and tcp tracepoints");
        }
        if (sources.cgroupSockets() != null) {
            Log.LOG.info("tracing the sockets of cgroup {}", sources.cgroupSockets());
        }
        return tracer;
    }

    /** The TC/XDP programs to follow, once the kernel has shown it lets fentry attach to BPF programs. */
    private static TracedPrograms followPrograms(Sources sources) {
        FentryOnPrograms.require();
        return new TracedPrograms(sources.programs());
    }

    /** Loads and attaches; a failure with a backend the user named says whether this kernel has it. */
    private static LoadedTrace load(SelectedFunctions functions, TraceRequest request) {
        if (!TraceLoader.loadsAnything(request)) {
            // Kernel functions and programs are refused earlier when none is found; netfilter's tables (or their
            // functions) and the tracepoints the kernel has can come to nothing here.
            throw new InvalidPlanException("nothing to trace: " + (request.netfilter() != null
                    ? "no netfilter table was found to observe (the warnings logged above say where and why) and no "
                            + "other source was asked for; add the tables (iptables or nft rules) before the tracer "
                            + "starts, or trace packets too (traceSkb())"
                    : "none of the tracepoints asked for is in this kernel's BTF"));
        }
        try {
            return TraceLoader.load(request);
        } catch (RuntimeException e) {
            throw functions.explain(e);
        }
    }

    private static Set<Tracepoint> choose(Sources sources, Set<Tracepoint> available) {
        if (sources.tracepoints().isEmpty()) {
            return available;
        }
        Set<Tracepoint> missing = EnumSet.copyOf(sources.tracepoints());
        missing.removeAll(available);
        if (!missing.isEmpty()) {
            throw new KernelFeatureException("this kernel has no tracepoint " + missing + " (no btf_trace_ typedef "
                    + "in its BTF); it has " + available);
        }
        return EnumSet.copyOf(sources.tracepoints());
    }

    private static ConfigValues configValues(TracePlan plan, long freeFunctionAddress) {
        Outputs outputs = plan.outputs();
        StackMode stack = outputs.has(Output.STACK) || outputs.has(Output.CALLER) ? StackMode.ALL
                : outputs.dropStack() ? StackMode.DROPS : StackMode.NONE;
        // Wake the consumer early each time another eighth of the ring is waiting (a power of two, as the ring
        // is); otherwise its timer picks events up.
        int wakeupBytes = plan.ringBufferBytes() / 8;
        return new ConfigValues(plan.filters(), stack, wakeupBytes, freeFunctionAddress, outputs.snaplen(),
                new StructCopies(outputs.has(Output.SKB), outputs.has(Output.SHINFO)));
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public TracePlan plan() {
        return plan;
    }

    /** The tracepoints this tracer attached to. */
    public Set<Tracepoint> tracepoints() {
        return attached;
    }

    /** How many kernel functions this tracer attached to (selected ones the kernel refused are not counted). */
    public int functionCount() {
        return kernel.attachedFunctions();
    }

    /** CLOCK_MONOTONIC nanoseconds at start: the zero of relative timestamps. */
    public long startedNanos() {
        return startedNanos;
    }

    public TraceStats stats() {
        return new TraceStats(dispatcher.delivered(), lostEvents(), dispatcher.perTracepoint(),
                dispatcher.sinkFailures(), Optional.ofNullable(poller.failure()), queue == null ? 0 : queue.overflow());
    }

    /**
     * The queue of {@link TracerBuilder#eventQueue(int)}, to pull packet events from any thread; it ends
     * (take() returns null once empty) when this tracer is closed.
     *
     * @throws IllegalStateException if the builder asked for no queue
     */
    public EventQueue<TraceEvent> events() {
        if (queue == null) {
            throw new IllegalStateException("this tracer has no event queue: call eventQueue(capacity) on its builder");
        }
        return queue;
    }

    private long lostEvents() {
        synchronized (kernelLock) {
            return released ? lostAtRelease : kernel.lostEvents();
        }
    }

    /**
     * Waits until the event limit is reached; false if the time ran out first (or there is no limit).
     *
     * @throws TracerFailureException if the poller died: no limit can be reached any more
     */
    public boolean awaitLimit(Duration timeout) throws InterruptedException {
        boolean finished = plan.outputs().limit() > 0 && poller.awaitFinished(timeout.toNanos(), TimeUnit.NANOSECONDS);
        throwIfPollerDied();
        return finished;
    }

    private void throwIfPollerDied() {
        Throwable failure = poller.failure();
        if (failure != null) {
            throw new TracerFailureException(TracerFailureException.Kind.POLLER_DIED,
                    "the tracer's poller died, events after it were not delivered: " + failure, failure);
        }
    }

    /**
     * Detaches every program, delivers what the kernel already wrote, and frees everything. From any
     * thread: inside a callback of this tracer it delivers nothing more and returns at once (the poller
     * frees the ring when the callback returns); elsewhere it waits at most 2 seconds for a running
     * callback, then returns with the links detached and leaves the rest to the
     * poller. A second call does nothing (from another thread it waits, as long, for the first to end).
     *
     * @throws TracerFailureException after freeing everything, if the poller had died (once)
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            if (!poller.isPollerThread()) {
                awaitClosed();
            }
            return;
        }
        try {
            kernel.detach();
        } finally {
            boolean ended = poller.stop(CALLBACK_WAIT);
            if (!ended && !poller.isPollerThread()) {
                Log.LOG.warn("a callback of the tracer is still running after {} ms; the programs are detached, and "
                        + "the ring is freed when it returns", CALLBACK_WAIT.toMillis());
            }
            closed.countDown();
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down; the hook will find us closed.
                }
            }
            Log.LOG.info("tracer closed: {} events delivered, {} lost", dispatcher.delivered(), lostEvents());
        }
        throwIfPollerDied();
    }

    private void awaitClosed() {
        try {
            closed.await(CALLBACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shutdown hook: a failure was reported already, and there is no one left to throw it to. */
    private void closeAtShutdown() {
        try {
            close();
        } catch (RuntimeException e) {
            Log.LOG.debug("closing at JVM shutdown", e);
        }
    }

    /** Runs once the poller has left the ring and close() was called: frees the ring, maps and programs. */
    private void release() {
        // The poller has ended: readers waiting on the queue learn that nothing more comes.
        if (queue != null) {
            queue.close();
        }
        synchronized (kernelLock) {
            try {
                lostAtRelease = kernel.lostEvents();
            } finally {
                released = true;
                kernel.close();
            }
        }
        if (lostAtRelease > 0) {
            Log.LOG.warn("{} events were lost during this trace (ring buffer full)", lostAtRelease);
        }
    }
}
