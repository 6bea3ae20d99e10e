package dev.vista.internal.warmup;

import dev.vista.event.DropReason;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Made-up ring records of what a busy host's tracer sees, for warming the event path up (TracerBuilder.warmUp)
 * and for the benchmarks: packets of a few flows (IPv4 and IPv6, TCP, UDP, ICMP, and ARP without a tuple) each
 * walking a receive, transmit or drop path through the tracepoints, with a kernel stack on drops when asked
 * (Output.STACK in drops-only mode). Seeded, so every run sees the same ring.
 */
public final class WarmUpTraffic {
    /** The drop reasons written into kfree_skb events; values are made up (they differ per kernel). */
    private static final List<DropReason> DROP_REASONS = List.of(new DropReason(2, DropReason.NOT_SPECIFIED),
            new DropReason(3, DropReason.NO_SOCKET), new DropReason(6, DropReason.NETFILTER_DROP));

    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86dd;
    private static final int ETH_P_ARP = 0x0806;
    private static final int PACKET_HOST = 0;
    private static final int PACKET_OUTGOING = 4;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_PSH_ACK = 0x18;
    private static final int TCP_SYN = 0x02;
    private static final long NETNS = 4026531840L;
    private static final long KERNEL_TEXT = 0xffffffff81000000L;
    private static final int TEXT_SIZE = 0x800000;
    private static final int FUNCTIONS = 256;
    private static final int DROP_STACK_DEPTH = 12;

    private static final List<Tracepoint> RECEIVE = List.of(Tracepoint.NAPI_GRO_RECEIVE_ENTRY,
            Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.SKB_COPY_DATAGRAM_IOVEC, Tracepoint.CONSUME_SKB);
    private static final List<Tracepoint> TRANSMIT = List.of(Tracepoint.NET_DEV_QUEUE,
            Tracepoint.NET_DEV_START_XMIT, Tracepoint.NET_DEV_XMIT, Tracepoint.CONSUME_SKB);
    private static final List<Tracepoint> DROP = List.of(Tracepoint.NAPI_GRO_RECEIVE_ENTRY,
            Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB);

    private record Flow(int ethertype, InetAddress source, InetAddress destination, int l4Protocol, int sourcePort,
            int destinationPort) {
        boolean isIcmp() {
            return l4Protocol == Tuple.IPPROTO_ICMP || l4Protocol == Tuple.IPPROTO_ICMPV6;
        }
    }

    /** One skb on its way: what stays the same at every tracepoint it passes. */
    private record Packet(Flow flow, boolean outgoing, long skb, int len, int tcpFlags, int cpu) {
    }

    private static final List<Flow> FLOWS = List.of(
            new Flow(ETH_P_IP, ip("10.0.0.1"), ip("10.0.0.2"), Tuple.IPPROTO_TCP, 44312, 443),
            new Flow(ETH_P_IP, ip("10.0.0.1"), ip("10.0.0.53"), Tuple.IPPROTO_UDP, 51000, 53),
            new Flow(ETH_P_IP, ip("10.0.0.1"), ip("10.0.0.9"), Tuple.IPPROTO_ICMP, 0, 0),
            new Flow(ETH_P_IPV6, ip("fd00::1"), ip("fd00::2"), Tuple.IPPROTO_TCP, 50022, 22),
            new Flow(ETH_P_IPV6, ip("fd00::1"), ip("fd00::5"), Tuple.IPPROTO_UDP, 40000, 4789),
            new Flow(ETH_P_IPV6, ip("fd00::1"), ip("fd00::9"), Tuple.IPPROTO_ICMPV6, 0, 0),
            new Flow(ETH_P_ARP, null, null, 0, 0, 0));

    private WarmUpTraffic() {
    }

    /**
     * A decoder that knows the records' made-up drop reasons, with wall-clock times from this JVM's clocks; it
     * names addresses with {@code kallsyms} ({@link #symbols()}), or prints them as numbers if null.
     */
    public static EventDecoder decoder(Supplier<KernelSymbols> kallsyms) {
        return new EventDecoder(DROP_REASONS.stream().collect(Collectors.toMap(DropReason::value, Function.identity())),
                kallsyms, System.currentTimeMillis() * 1_000_000 - System.nanoTime());
    }

    /**
     * Made-up kernel functions covering the addresses the records' freeing locations and stack frames come from,
     * so that a decoder names them as it names a real kernel's.
     */
    public static KernelSymbols symbols() {
        StringBuilder kallsyms = new StringBuilder();
        for (long offset = 0; offset < TEXT_SIZE; offset += TEXT_SIZE / FUNCTIONS) {
            kallsyms.append(Long.toHexString(KERNEL_TEXT + offset)).append(" T warm_up_function_")
                    .append(offset / (TEXT_SIZE / FUNCTIONS)).append('\n');
        }
        kallsyms.append(Long.toHexString(KERNEL_TEXT + TEXT_SIZE)).append(" T _etext\n");
        return KernelSymbols.parse(kallsyms.toString(), "the warm-up's made-up symbols");
    }

    /** A ring holding {@code events} records; drops carry a kernel stack if {@code dropStacks}. */
    public static RecordedRing record(Arena arena, int events, boolean dropStacks) {
        RecordedRing ring = new RecordedRing(arena, events);
        SplittableRandom random = new SplittableRandom(42);
        long now = 1_000_000_000_000L;
        long skb = 0xffff888100000000L;
        int written = 0;
        while (written < events) {
            int roll = random.nextInt(100);
            List<Tracepoint> path = roll < 5 ? DROP : roll < 55 ? RECEIVE : TRANSMIT;
            skb += 0x100 * (1 + random.nextInt(64));
            Packet packet = new Packet(FLOWS.get(random.nextInt(FLOWS.size())), path == TRANSMIT, skb,
                    60 + random.nextInt(1440),
                    random.nextInt(10) == 0 ? TCP_SYN : random.nextBoolean() ? TCP_ACK : TCP_PSH_ACK,
                    random.nextInt(2));
            for (int i = 0; i < path.size() && written < events; i++, written++) {
                now += 200 + random.nextInt(800);
                write(ring, random, path.get(i), packet, now, dropStacks);
            }
        }
        return ring;
    }

    private static void write(RecordedRing ring, SplittableRandom random, Tracepoint tp, Packet packet, long now,
            boolean dropStacks) {
        boolean drop = tp == Tracepoint.KFREE_SKB;
        int stackDepth = drop && dropStacks ? DROP_STACK_DEPTH : 0;
        boolean out = packet.outgoing();
        Flow flow = packet.flow();
        EventWriter event = ring.append(stackDepth)
                .at(tp, now, packet.skb())
                .task(out ? 4242 : 0, packet.cpu(), out ? "curl" : "swapper/" + packet.cpu())
                .device(NETNS, 2, "eth0", 1500)
                .packet(packet.len(), flow.ethertype(), out ? PACKET_OUTGOING : PACKET_HOST, 0);
        if (flow.source() != null) {
            event.addresses(out ? flow.source() : flow.destination(), out ? flow.destination() : flow.source());
            if (flow.isIcmp()) {
                int echo = flow.l4Protocol() == Tuple.IPPROTO_ICMP ? (out ? 8 : 0) : (out ? 128 : 129);
                event.icmp(flow.l4Protocol(), echo, 0, 0x1c2d, (int) (packet.skb() >>> 8) & 0xffff);
            } else {
                event.transport(flow.l4Protocol(), out ? flow.sourcePort() : flow.destinationPort(),
                        out ? flow.destinationPort() : flow.sourcePort(),
                        flow.l4Protocol() == Tuple.IPPROTO_TCP ? packet.tcpFlags() : 0);
            }
        }
        if (drop || tp == Tracepoint.CONSUME_SKB) {
            int reason = drop ? DROP_REASONS.get(random.nextInt(DROP_REASONS.size())).value() : 0;
            event.freedBy(KERNEL_TEXT + random.nextInt(TEXT_SIZE), reason);
        }
        for (int i = 0; i < stackDepth; i++) {
            event.frame(i, KERNEL_TEXT + random.nextInt(TEXT_SIZE));
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError("a literal address needs no lookup", e);
        }
    }
}
