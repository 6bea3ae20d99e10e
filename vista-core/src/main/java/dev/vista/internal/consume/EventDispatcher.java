package dev.vista.internal.consume;

import dev.vista.event.SkbEventView;
import dev.vista.event.Tracepoint;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.RingSocketEventView;
import dev.vista.internal.ringbuf.RingTcpEventView;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-record hot path: points the flyweight at the record, counts it, and hands it to the
 * sink, until the event limit is reached. Allocates nothing per event. Single-threaded (the
 * poller); the counters may be read from any thread.
 */
public final class EventDispatcher implements RingBuffer.RecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final int UNKNOWN_TRACEPOINT = Tracepoint.values().length;

    private final RingEventView view = new RingEventView();
    private final RingTcpEventView tcpView = new RingTcpEventView(view);
    private final RingSocketEventView socketView = new RingSocketEventView(view);
    private final RingSkEventView skView = new RingSkEventView(view);
    private final Consumer<? super SkbEventView> sink;
    private final Consumer<? super RingTcpEventView> tcpSink;
    private final Consumer<? super RingSocketEventView> socketSink;
    private final Consumer<? super RingSkEventView> skSink;
    private final long limit;
    private final AtomicLongArray perTracepoint = new AtomicLongArray(UNKNOWN_TRACEPOINT + 1);
    private final AtomicLong delivered = new AtomicLong();
    private long sinkFailures;

    /**
     * @param sinks where each kind of record goes
     * @param limit events to deliver before ignoring the rest; 0 for no limit
     */
    public EventDispatcher(RecordSinks sinks, long limit) {
        this.sink = sinks.packets();
        this.tcpSink = sinks.tcpConnections();
        this.socketSink = sinks.cgroupSockets();
        this.skSink = sinks.sockEvents();
        this.limit = limit;
    }

    @Override
    public void onRecord(MemorySegment data, long offset, int length) {
        if (limitReached()) {
            return;
        }
        view.wrap(data, offset, length);
        int source = view.source();
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
            } else {
                sink.accept(view);
            }
        } catch (RuntimeException e) {
            if (sinkFailures++ == 0) {
                LOG.error("the event sink threw; further failures are counted, not logged", e);
            }
        }
    }

    public boolean limitReached() {
        return limit > 0 && delivered.getAcquire() >= limit;
    }

    public long delivered() {
        return delivered.getAcquire();
    }

    public long sinkFailures() {
        return sinkFailures;
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
