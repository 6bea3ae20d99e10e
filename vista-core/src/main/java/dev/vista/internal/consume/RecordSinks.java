package dev.vista.internal.consume;

import dev.vista.event.LossEvent;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingNfEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.RingSocketEventView;
import dev.vista.internal.ringbuf.RingTcpEventView;
import java.util.function.Consumer;

/**
 * Where the dispatcher hands each kind of record, as a flyweight positioned on it.
 *
 * @param packets        packet events (skb tracepoints and functions)
 * @param tcpConnections the ends of TCP connections
 * @param cgroupSockets  the sockets of a traced cgroup
 * @param sockEvents     sockets at sock and tcp tracepoints and in kernel functions taking a struct sock *
 * @param netfilter      netfilter verdicts
 * @param losses         loss markers, in the stream where the events went missing
 */
public record RecordSinks(Consumer<? super RingEventView> packets, Consumer<? super RingTcpEventView> tcpConnections,
        Consumer<? super RingSocketEventView> cgroupSockets, Consumer<? super RingSkEventView> sockEvents,
        Consumer<? super RingNfEventView> netfilter, Consumer<? super LossEvent> losses) {
}
