package dev.vista;

import dev.vista.event.SkbEventView;
import dev.vista.event.SkTracepoint;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.EventPoller;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.libbpf.Libbpf;
import dev.vista.internal.kernel.KernelBtf;
import dev.vista.internal.kernel.Privileges;
import dev.vista.internal.load.FilterConfig;
import dev.vista.internal.pcap.PcapFilter;
import dev.vista.internal.load.LoadedTrace;
import dev.vista.internal.load.TraceLoader;
import dev.vista.internal.load.TraceRequest;
import dev.vista.internal.load.StackMode;
import dev.vista.internal.attach.SelectedFunctions;
import dev.vista.internal.ringbuf.RingEventView;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running trace. Programs stay attached until {@link #close()}; they are also released when
 * the JVM shuts down, and by the kernel when the process dies (links are held by file descriptor,
 * never pinned).
 *
 * <pre>{@code
 * try (Tracer t = Tracer.builder().traceSkb().filterProtocol(Protocol.UDP).filterPort(53)
 *         .onEvent(e -> log.info("{}", e)).start()) { ... }
 * }</pre>
 */
public final class Tracer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    private static final int POLL_MILLIS = 5;

    private final TracePlan plan;
    private final Set<Tracepoint> attached;
    private final LoadedTrace kernel;
    private final EventDispatcher dispatcher;
    private final EventPoller poller;
    private final long startedNanos;
    private final Thread shutdownHook;
    private boolean closed;
    private long lostAtClose;

    private Tracer(TracePlan plan, Set<Tracepoint> attached, LoadedTrace kernel, EventDispatcher dispatcher,
            long startedNanos) {
        this.plan = plan;
        this.attached = Set.copyOf(attached);
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.startedNanos = startedNanos;
        this.poller = new EventPoller(kernel.ring(), dispatcher, kernel::lostEvents, POLL_MILLIS);
        this.shutdownHook = Thread.ofPlatform().name("vista-shutdown").unstarted(this::close);
    }

    public static TracerBuilder builder() {
        return new TracerBuilder();
    }

    /** Runs {@code command} (program and arguments) and reports the sockets it and its descendants use (tcpw). */
    public static CommandTracing traceCommand(List<String> command) {
        return new CommandTracing(command);
    }

    static Tracer start(TracePlan plan, EventSinks sinks, Consumer<? super AttachProgress> attachListener) {
        Libbpf.require();
        Privileges.requireTracing();
        if (plan.ifname() != null) {
            IfnameCheck.check(plan.ifname(), plan.netnsInode()).ifPresent(LOG::warn);
        }
        KernelBtf btf = plan.kernelBtf() == null ? KernelBtf.running() : KernelBtf.load(plan.kernelBtf());
        KernelSymbols symbols = KernelSymbols.load();
        Set<Tracepoint> tracepoints = plan.traceTracepoints() ? choose(plan, btf.availableTracepoints())
                : EnumSet.noneOf(Tracepoint.class);
        SelectedFunctions functions = SelectedFunctions.resolve(plan.functions(), btf, symbols);
        long startedNanos = System.nanoTime();
        EventDecoder decoder = new EventDecoder(btf.dropReasons(), symbols, epochNanos() - startedNanos);
        long freeFunction = plan.trackSkb() ? symbols.textAddress("kfree_skbmem", null).orElse(0) : 0;
        PcapFilter pcapFilter = plan.pcapFilter() == null ? null : PcapFilter.compile(plan.pcapFilter());
        LoadedTrace kernel = TraceLoader.load(new TraceRequest(tracepoints, functions.bySlot(),
                functions.backend(), functions.kprobeBatch(), plan.traceTcpLifetime(), plan.cgroupSockets(),
                plan.traceSkTracepoints() ? btf.availableSkTracepoints() : EnumSet.noneOf(SkTracepoint.class),
                filterConfig(plan, freeFunction), pcapFilter,
                plan.ringBufferBytes(), plan.kernelBtf(), attachListener));
        Tracer tracer;
        try {
            tracer = new Tracer(plan, tracepoints, kernel,
                    new EventDispatcher(new RecordSinks(sink(decoder, sinks.events(), sinks.views()),
                            decoding(sinks.tcpConnections(), decoder::decode), decoding(sinks.sockets(), decoder::decode),
                            decoding(sinks.sockEvents(), decoder::decode)), plan.limit()),
                    startedNanos);
            Runtime.getRuntime().addShutdownHook(tracer.shutdownHook);
        } catch (IllegalStateException e) {
            kernel.close();
            throw new VistaException("the JVM is shutting down: the tracer was not started", e);
        }
        tracer.poller.start();
        if (!tracepoints.isEmpty()) {
            LOG.info("tracing {} tracepoints: {}", tracepoints.size(), tracepoints);
        }
        if (kernel.attachedFunctions() > 0) {
            LOG.info("tracing {} kernel functions with {}", kernel.attachedFunctions(), functions.backend().cliName());
        }
        if (plan.traceTcpLifetime()) {
            LOG.info("tracing TCP connection lifetimes");
        }
        if (plan.traceSkTracepoints()) {
            LOG.info("tracing sockets on the sock and tcp tracepoints");
        }
        if (plan.cgroupSockets() != null) {
            LOG.info("tracing the sockets of cgroup {}", plan.cgroupSockets());
        }
        return tracer;
    }

    private static Set<Tracepoint> choose(TracePlan plan, Set<Tracepoint> available) {
        if (plan.tracepoints().isEmpty()) {
            return available;
        }
        Set<Tracepoint> missing = EnumSet.copyOf(plan.tracepoints());
        missing.removeAll(available);
        if (!missing.isEmpty()) {
            throw new KernelFeatureException("this kernel has no tracepoint " + missing + " (no btf_trace_ typedef "
                    + "in its BTF); it has " + available);
        }
        return EnumSet.copyOf(plan.tracepoints());
    }

    private static FilterConfig filterConfig(TracePlan plan, long freeFunctionAddress) {
        StackMode stack = plan.has(Output.STACK) || plan.has(Output.CALLER) ? StackMode.ALL
                : plan.dropStack() ? StackMode.DROPS : StackMode.NONE;
        // Wake the consumer early each time another eighth of the ring is waiting (a power of two, as the ring
        // is); otherwise its timer picks events up.
        int wakeupBytes = plan.ringBufferBytes() / 8;
        return new FilterConfig(plan.netnsInode(), plan.mark(), plan.protocol() == null ? 0 : plan.protocol().number(),
                plan.port(), plan.address(), plan.ifname(), plan.skMark(), plan.pid(), plan.comm(), plan.icmpId(),
                plan.pcapFilter() != null, stack, wakeupBytes, plan.trackSkb(), freeFunctionAddress,
                plan.tcpMinLifetime().toNanos());
    }

    private static Consumer<SkbEventView> sink(EventDecoder decoder, Consumer<? super TraceEvent> eventSink,
            Consumer<? super SkbEventView> viewSink) {
        return view -> {
            if (viewSink != null) {
                viewSink.accept(view);
            }
            if (eventSink != null) {
                eventSink.accept(decoder.decode((RingEventView) view));
            }
        };
    }

    /** A flyweight sink that decodes into {@code sink}'s records, or ignores them when no one wants them. */
    private static <V, E> Consumer<V> decoding(Consumer<? super E> sink, Function<V, E> decode) {
        return sink == null ? view -> { } : view -> sink.accept(decode.apply(view));
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
        long lost;
        synchronized (this) {
            lost = closed ? lostAtClose : kernel.lostEvents();
        }
        return new TraceStats(dispatcher.delivered(), lost, dispatcher.perTracepoint());
    }

    /** Waits until the event limit is reached; false if the time ran out first (or there is no limit). */
    public boolean awaitLimit(Duration timeout) throws InterruptedException {
        return plan.limit() > 0 && poller.awaitFinished(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Detaches every program, delivers what the kernel already wrote, and frees everything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kernel.detach();
        } finally {
            poller.stop();
            lostAtClose = kernel.lostEvents();
            kernel.close();
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down; the hook will find us closed.
                }
            }
            if (lostAtClose > 0) {
                LOG.warn("{} events were lost during this trace (ring buffer full)", lostAtClose);
            }
            LOG.info("tracer closed: {} events delivered, {} lost", dispatcher.delivered(), lostAtClose);
        }
    }
}
