package dev.vista;

import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.SocketEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.consume.RecordSinks;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingNfEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.RingSocketEventView;
import dev.vista.internal.ringbuf.RingTcpEventView;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the user's sinks into what the dispatcher calls per record: view sinks get the flyweight, copy
 * sinks (and the event queue) a decoded record, made only when one of them wants it.
 */
final class RecordSinkWiring {
    private RecordSinkWiring() {
    }

    static RecordSinks wire(EventSinks sinks, EventDecoder decoder, FailureReports failures) {
        Function<RingEventView, TraceEvent> packet = decoder::decode;
        Function<RingTcpEventView, TcpConnectionEvent> tcpConnection = decoder::decode;
        Function<RingSocketEventView, SocketEvent> socket = decoder::decode;
        Function<RingSkEventView, SockEvent> sockEvent = decoder::decode;
        Function<RingNfEventView, NetfilterEvent> netfilter = decoder::decode;
        Consumer<TraceEvent> copies = both(sinks.events(),
                sinks.queue() == null ? null : queueing(sinks.queue(), failures));
        return new RecordSinks(
                orIgnore(both(sinks.views(), decoding(copies, packet))),
                orIgnore(both(sinks.tcpConnectionViews(), decoding(sinks.tcpConnections(), tcpConnection))),
                orIgnore(decoding(sinks.sockets(), socket)),
                orIgnore(both(sinks.sockEventViews(), decoding(sinks.sockEvents(), sockEvent))),
                orIgnore(both(sinks.netfilterViews(), decoding(sinks.netfilter(), netfilter))),
                orIgnore(sinks.losses()));
    }

    /** Both sinks that are there, in this order; null when neither is. */
    private static <T> Consumer<T> both(Consumer<? super T> first, Consumer<? super T> second) {
        if (first == null || second == null) {
            return first != null ? first::accept : second == null ? null : second::accept;
        }
        return event -> {
            first.accept(event);
            second.accept(event);
        };
    }

    /** Feeds the queue; a full queue drops the event, which it counts, and the first drop is reported. */
    private static Consumer<TraceEvent> queueing(EventQueue<TraceEvent> queue, FailureReports failures) {
        String overflow = "the event queue (capacity " + queue.capacity() + ") is full: events are dropped until "
                + "the reader takes some, and tracing goes on (each drop is counted in TraceStats.queueOverflow)";
        return event -> {
            if (!queue.offer(event)) {
                failures.report(TracerFailureException.Kind.QUEUE_OVERFLOW, overflow, null);
            }
        };
    }

    /** A flyweight sink that decodes into {@code sink}'s records; null when no one wants them. A record the
     * decoder cannot make (null: e.g. a netfilter record of a table this tracer did not attach) is skipped. */
    private static <V, E> Consumer<V> decoding(Consumer<? super E> sink, Function<V, E> decode) {
        return sink == null ? null : view -> {
            E event = decode.apply(view);
            if (event != null) {
                sink.accept(event);
            }
        };
    }

    private static <T> Consumer<? super T> orIgnore(Consumer<? super T> sink) {
        return sink == null ? ignored -> { } : sink;
    }
}
