package dev.vista.junit;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One packet's life as the trace saw it: the events of one skb, in time order, from the first until the
 * kernel freed it (kfree_skb, consume_skb or kfree_skbmem). The kernel reuses an skb's memory after
 * freeing it, so later events at the same address are another packet.
 *
 * @param skb    the kernel address of the sk_buff
 * @param events its events, oldest first
 */
public record TracedPacket(long skb, List<TraceEvent> events) {
    // Kernel functions that put a packet on a socket's receive queue.
    private static final Set<String> SOCKET_QUEUEING = Set.of("__udp_enqueue_schedule_skb", "sock_queue_rcv_skb_reason",
            "__sock_queue_rcv_skb", "tcp_queue_rcv", "tcp_data_queue", "raw_rcv_skb", "ping_queue_rcv_skb");
    private static final Set<Tracepoint> TRANSMIT = EnumSet.of(Tracepoint.NET_DEV_QUEUE, Tracepoint.NET_DEV_START_XMIT,
            Tracepoint.NET_DEV_XMIT);

    public TracedPacket {
        events = List.copyOf(events);
    }

    /** Splits a trace's events into packets. */
    public static List<TracedPacket> split(List<TraceEvent> trace) {
        List<TraceEvent> ordered = trace.stream()
                .sorted(Comparator.comparingLong(TraceEvent::timestampNs))
                .toList();
        List<List<TraceEvent>> lives = new ArrayList<>();
        Map<Long, List<TraceEvent>> alive = new HashMap<>();
        for (TraceEvent event : ordered) {
            List<TraceEvent> life = alive.get(event.skb());
            if (life == null || startsAnotherPacket(life, event)) {
                life = new ArrayList<>();
                lives.add(life);
                alive.put(event.skb(), life);
            }
            life.add(event);
            if (freesThePacket(event)) {
                alive.remove(event.skb());
            }
        }
        return lives.stream().map(life -> new TracedPacket(life.getFirst().skb(), life)).toList();
    }

    /**
     * Whether an event at a live skb's address belongs to a new packet because the kernel freed the old one
     * without a tracepoint (TCP frees read data that way) and reused the memory: the old one had been copied to
     * its reader, or the new one goes the other way (a reply) or is another protocol.
     */
    private static boolean startsAnotherPacket(List<TraceEvent> life, TraceEvent event) {
        boolean delivered = life.stream().anyMatch(e -> e.tracepoint() == Tracepoint.SKB_COPY_DATAGRAM_IOVEC);
        if (delivered && !freesThePacket(event)) {
            return true;
        }
        Tuple last = life.getLast().tuple();
        Tuple next = event.tuple();
        if (last == null || next == null) {
            return false;
        }
        return last.protocol() != next.protocol()
                || (last.source().equals(next.destination()) && last.destination().equals(next.source())
                        && !last.source().equals(last.destination()));
    }

    private static boolean freesThePacket(TraceEvent event) {
        return event.tracepoint() == Tracepoint.KFREE_SKB || event.tracepoint() == Tracepoint.CONSUME_SKB
                || "kfree_skbmem".equals(event.function());
    }

    /** Whether any of its events has a tuple that matches (NAT may change the tuple on the way). */
    public boolean matches(Predicate<? super Tuple> tuple) {
        return events.stream().anyMatch(e -> e.tuple() != null && tuple.test(e.tuple()));
    }

    /** Whether the trace saw its end (kfree_skb, consume_skb, kfree_skbmem). */
    public boolean wasFreed() {
        return freesThePacket(events.getLast());
    }

    /** The kfree_skb event that dropped it, if it was dropped. */
    public Optional<TraceEvent> drop() {
        return events.stream().filter(e -> e.tracepoint() == Tracepoint.KFREE_SKB).findFirst();
    }

    /**
     * Whether it reached a local socket: its data was copied to a reader (skb:skb_copy_datagram_iovec), it
     * passed a function that queues packets to sockets, or it was received (netif_receive_skb) and then freed
     * normally (consume_skb) without being sent on. Recent kernels read small UDP datagrams without the copy
     * tracepoint and free them without consume_skb (or defer it to another CPU), so on tracepoints alone a
     * UDP datagram may show no evidence: trace {@code __udp_enqueue_schedule_skb} (kernel functions), or
     * assert on what the receiver sent back.
     */
    public boolean wasDelivered() {
        boolean received = false;
        for (TraceEvent event : events) {
            if (event.tracepoint() == Tracepoint.SKB_COPY_DATAGRAM_IOVEC || (event.function() != null && SOCKET_QUEUEING.contains(event.function()))) {
                return true;
            }
            if (event.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB) {
                received = true;
            } else if (TRANSMIT.contains(event.tracepoint())) {
                received = false;
            } else if (event.tracepoint() == Tracepoint.CONSUME_SKB && received) {
                return true;
            }
        }
        return false;
    }

    /** The names of the kernel functions it passed, in order. */
    public List<String> functions() {
        return events.stream().filter(e -> e.function() != null).map(TraceEvent::function).toList();
    }

    /** Where it was seen: tracepoint or function names, in order. */
    public List<String> path() {
        return events.stream().map(TraceEvent::where).toList();
    }
}
