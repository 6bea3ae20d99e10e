package dev.vista.otel;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each packet's life as a span: opened at the first event of an skb, a span event per hop, ended where the kernel
 * frees the skb (status ERROR with the drop reason at kfree_skb), or, for a packet no longer seen, after an idle
 * time. Used by the export's thread only.
 */
final class PacketSpans {
    static final AttributeKey<String> END = AttributeKey.stringKey("vista.span_end");
    private final Tracer tracer;
    private final long idleNanos;
    private final int maxOpen;
    private final ExportCount ended;
    private final Map<Long, Open> open = new HashMap<>();
    private long lastSweepNanos;
    private volatile long notOpened; // read by stats() on any thread

    private static final class Open {
        final Span span;
        long lastEpochNanos;
        Tuple tuple;

        Open(Span span, long lastEpochNanos, Tuple tuple) {
            this.span = span;
            this.lastEpochNanos = lastEpochNanos;
            this.tuple = tuple;
        }
    }

    PacketSpans(Tracer tracer, long idleNanos, int maxOpen, ExportCount ended) {
        this.tracer = tracer;
        this.idleNanos = idleNanos;
        this.maxOpen = maxOpen;
        this.ended = ended;
    }

    /** The event as a hop of its packet's span (opened if new); the span, or null for events without an skb. */
    Span add(TraceEvent e) {
        if (e.skb() == 0) {
            return null;
        }
        long now = e.epochNanos();
        sweep(now);
        Open packet = open.get(e.skb());
        if (packet != null && isAnotherPacket(packet.tuple, e.tuple())) {
            // The kernel reused the address of an skb freed where we did not see it (another namespace, a filter).
            end(e.skb(), packet, "skb reused");
            packet = null;
        }
        if (packet != null && packet.tuple == null && e.tuple() != null) {
            packet.span.setAllAttributes(EventAttributes.ofPacket(e)); // its first events had no tuple yet
            packet.tuple = e.tuple();
        }
        if (packet == null) {
            if (open.size() >= maxOpen) {
                notOpened++;
                return null;
            }
            Span span = tracer.spanBuilder("packet").setNoParent().setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(now, TimeUnit.NANOSECONDS).setAllAttributes(EventAttributes.ofPacket(e))
                    .startSpan();
            packet = new Open(span, now, e.tuple());
            open.put(e.skb(), packet);
        }
        packet.lastEpochNanos = now;
        packet.span.addEvent(e.where(), EventAttributes.ofHop(e), now, TimeUnit.NANOSECONDS);
        if (e.tracepoint() == Tracepoint.KFREE_SKB) {
            String reason = e.dropReason() == null ? "dropped" : e.dropReason().name();
            packet.span.setAttribute(EventAttributes.DROP_REASON, reason);
            packet.span.setStatus(StatusCode.ERROR, reason);
            end(e.skb(), packet, "dropped");
        } else if (e.tracepoint() == Tracepoint.CONSUME_SKB) {
            end(e.skb(), packet, "consumed");
        }
        return packet.span;
    }

    /**
     * Whether {@code next} cannot be the packet {@code known} was: another protocol, or both addresses changed
     * (NAT rewrites one side, not both).
     */
    private static boolean isAnotherPacket(Tuple known, Tuple next) {
        if (known == null || next == null) {
            return false;
        }
        return known.protocol() != next.protocol() || !known.source().equals(next.source())
                && !known.destination().equals(next.destination());
    }

    /** Spans not opened because {@code maxOpen} were open. */
    long notOpened() {
        return notOpened;
    }

    /** Ends every open span (the trace is over). */
    void endAll() {
        open.values().forEach(packet -> finish(packet, "trace closed"));
        open.clear();
    }

    /** At most once a second (of event time): ends the spans of packets not seen for the idle time. */
    private void sweep(long now) {
        if (now - lastSweepNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastSweepNanos = now;
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open packet = it.next();
            if (now - packet.lastEpochNanos > idleNanos) {
                finish(packet, "idle");
                it.remove();
            }
        }
    }

    private void end(long skb, Open packet, String how) {
        finish(packet, how);
        open.remove(skb);
    }

    /** Ends the span at its packet's last event, saying why it ended. */
    private void finish(Open packet, String how) {
        packet.span.setAttribute(END, how);
        packet.span.end(packet.lastEpochNanos, TimeUnit.NANOSECONDS);
        ended.emitted();
    }
}
