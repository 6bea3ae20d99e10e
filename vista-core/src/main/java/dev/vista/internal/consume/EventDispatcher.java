package dev.vista.internal.consume;

import dev.vista.TracerFailureException.Kind;
import dev.vista.event.LossEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.decode.LossDecoder;
import dev.vista.internal.ringbuf.KernelNames;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingNfEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.RingSocketEventView;
import dev.vista.internal.ringbuf.RingTcpEventView;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The per-record hot path: points the flyweight at the record, counts it, and hands it to the
 * sink, until the event limit is reached or it is halted. Allocates nothing per event.
 * Single-threaded (the poller); the counters may be read from any thread. A sink that throws a
 * RuntimeException loses that event only: it is counted and the first one reported.
 */
public final class EventDispatcher implements RingBuffer.RecordHandler {
    private static final int UNKNOWN_TRACEPOINT = Tracepoint.values().length;

    private final RingEventView view;
    private final RingTcpEventView tcpView;
    private final RingSocketEventView socketView;
    private final RingSkEventView skView;
    private final RingNfEventView nfView;
    private final Consumer<? super RingEventView> sink;
    private final Consumer<? super RingTcpEventView> tcpSink;
    private final Consumer<? super RingSocketEventView> socketSink;
    private final Consumer<? super RingSkEventView> skSink;
    private final Consumer<? super RingNfEventView> nfSink;
    private final Consumer<? super LossEvent> lossSink;
    private final long limit;
    private final FailureReports failures;
    private final AtomicLongArray perTracepoint = new AtomicLongArray(UNKNOWN_TRACEPOINT + 1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    /** Set by the poller thread itself (close() from a callback), so a plain field is enough. */
    private boolean halted;

    /**
     * @param sinks where each kind of record goes
     * @param limit    events to deliver before ignoring the rest; 0 for no limit
     * @param failures where the first sink failure is reported
     * @param names    what the views' name look-ups ask (function names, drop reasons)
     */
    public EventDispatcher(RecordSinks sinks, long limit, FailureReports failures, KernelNames names) {
        this.view = new RingEventView(names);
        this.tcpView = new RingTcpEventView(view);
        this.socketView = new RingSocketEventView(view);
        this.skView = new RingSkEventView(view);
        this.nfView = new RingNfEventView(view);
        this.sink = sinks.packets();
        this.tcpSink = sinks.tcpConnections();
        this.socketSink = sinks.cgroupSockets();
        this.skSink = sinks.sockEvents();
        this.nfSink = sinks.netfilter();
        this.lossSink = sinks.losses();
        this.limit = limit;
        this.failures = failures;
    }

    /** A dispatcher whose views name nothing from a kernel (hex function addresses, unknown drop reasons). */
    public EventDispatcher(RecordSinks sinks, long limit, FailureReports failures) {
        this(sinks, limit, failures, KernelNames.UNRESOLVED);
    }

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        if (halted || limitReached()) {
            return;
        }
        view.wrap(data, offset, length);
        int source = view.sourceId();
        if (source == RingEventView.SOURCE_LOSS) {
            deliver(LossDecoder.marker(data, offset));
            return;
        }
        int id = source == RingEventView.SOURCE_SKB_TRACEPOINT
                ? Math.min(view.tracepointId(), UNKNOWN_TRACEPOINT) : UNKNOWN_TRACEPOINT;
        // Single writer: a plain increment published with release semantics is enough (a volatile
        // write would add a full fence per event).
        perTracepoint.lazySet(id, perTracepoint.get(id) + 1);
        delivered.setRelease(delivered.getPlain() + 1);
        try {
            if (source == RingEventView.SOURCE_TCP_LIFETIME) {
                if (tcpView.complete()) {
                    tcpSink.accept(tcpView);
                }
            } else if (source == RingEventView.SOURCE_CGROUP_SOCKET) {
                if (socketView.complete()) {
                    socketSink.accept(socketView);
                }
            } else if (source == RingEventView.SOURCE_SK_TRACEPOINT || source == RingEventView.SOURCE_SK_FUNCTION) {
                if (skView.complete()) {
                    skSink.accept(skView);
                }
            } else if (source == RingEventView.SOURCE_NETFILTER) {
                if (nfView.complete()) {
                    nfSink.accept(nfView);
                }
            } else {
                sink.accept(view);
            }
        } catch (RuntimeException e) {
            sinkFailed(e);
        }
    }

    /** Hands a loss to the loss sink: a marker read from the ring, or one made from the counters at the end. */
    void deliver(LossEvent loss) {
        try {
            lossSink.accept(loss);
        } catch (RuntimeException e) {
            sinkFailed(e);
        }
    }

    private void sinkFailed(RuntimeException e) {
        sinkFailures.setRelease(sinkFailures.getPlain() + 1);
        failures.report(Kind.SINK_FAILED, "an event sink threw; the event was skipped and tracing goes on "
                + "(further failures are counted in TraceStats.sinkFailures, not reported)", e);
    }

    /** From the poller thread only: delivers nothing more, from this record on. */
    void halt() {
        halted = true;
    }

    boolean halted() {
        return halted;
    }

    public boolean limitReached() {
        return limit > 0 && delivered.getAcquire() >= limit;
    }

    public long delivered() {
        return delivered.getAcquire();
    }

    /** Events a sink threw on. */
    public long sinkFailures() {
        return sinkFailures.getAcquire();
    }

    public Map<Tracepoint, Long> perTracepoint() {
        Map<Tracepoint, Long> counts = new EnumMap<>(Tracepoint.class);
        for (Tracepoint tp : Tracepoint.values()) {
            long n = perTracepoint.get(tp.ordinal());
            if (n > 0) {
                counts.put(tp, n);
            }
        }
        return counts;
    }
}
