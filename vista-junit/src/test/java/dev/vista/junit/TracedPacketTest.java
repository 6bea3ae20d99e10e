package dev.vista.junit;

import static dev.vista.assertj.PacketSpec.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How events are cut into packets, on hand-made events: skb reuse, replies, NAT, and what counts as delivered. */
class TracedPacketTest {
    private static final long SKB = 0xffff888100001000L;
    private static final InetAddress CLIENT = InetAddress.ofLiteral("10.0.0.1");
    private static final InetAddress SERVER = InetAddress.ofLiteral("10.0.0.2");
    private static final InetAddress NATTED = InetAddress.ofLiteral("10.0.9.9");
    private long clock;

    @Test
    void anSkbFreedAndReusedIsTwoPackets() {
        List<TracedPacket> packets = TracedPacket.split(List.of(
                at(Tracepoint.NETIF_RECEIVE_SKB, request()), at(Tracepoint.CONSUME_SKB, request()),
                at(Tracepoint.NET_DEV_QUEUE, request())));

        assertThat(packets).hasSize(2);
        assertThat(packets.getFirst().path()).containsExactly("netif_receive_skb", "consume_skb");
        assertThat(packets.getFirst().wasFreed()).isTrue();
    }

    @Test
    void aReplyInTheMemoryOfAnSkbFreedWithoutTracepointIsAnotherPacket() {
        List<TracedPacket> packets = TracedPacket.split(List.of(
                at(Tracepoint.NETIF_RECEIVE_SKB, request()), at(Tracepoint.NET_DEV_QUEUE, reply())));

        assertThat(packets).hasSize(2);
        assertThat(packets.get(1).matches(udp().from(SERVER, 53)::matches)).isTrue();
        assertThat(packets.get(1).matches(udp().to(SERVER, 53)::matches)).isFalse();
    }

    @Test
    void aNattedPacketStaysOnePacketAndMatchesBothTuples() {
        Tuple natted = new Tuple(CLIENT, NATTED, 40000, 5353, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
        List<TracedPacket> packets = TracedPacket.split(List.of(
                at(Tracepoint.NETIF_RECEIVE_SKB, request()), at(Tracepoint.KFREE_SKB, natted)));

        assertThat(packets).singleElement().satisfies(p -> {
            assertThat(p.matches(udp().to(SERVER, 53)::matches)).isTrue();
            assertThat(p.matches(udp().to(NATTED, 5353)::matches)).isTrue();
            assertThat(p.drop()).isPresent();
        });
    }

    @Test
    void receivedThenConsumedIsDeliveredButSentOnThenConsumedIsNot() {
        TracedPacket delivered = TracedPacket.split(List.of(
                at(Tracepoint.NETIF_RECEIVE_SKB, request()), at(Tracepoint.CONSUME_SKB, request()))).getFirst();
        TracedPacket forwarded = TracedPacket.split(List.of(at(Tracepoint.NETIF_RECEIVE_SKB, request()),
                at(Tracepoint.NET_DEV_QUEUE, request()), at(Tracepoint.CONSUME_SKB, request()))).getFirst();

        assertThat(delivered.wasDelivered()).isTrue();
        assertThat(forwarded.wasDelivered()).isFalse();
    }

    private static Tuple request() {
        return new Tuple(CLIENT, SERVER, 40000, 53, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
    }

    private static Tuple reply() {
        return new Tuple(SERVER, CLIENT, 53, 40000, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
    }

    private TraceEvent at(Tracepoint tracepoint, Tuple tuple) {
        DropReason reason = tracepoint == Tracepoint.KFREE_SKB ? new DropReason(6, DropReason.NETFILTER_DROP) : null;
        return TraceEvent.builder().timestampNs(++clock).epochNanos(clock).pid(1).comm("test")
                .source(EventSource.SKB_TRACEPOINT).skb(SKB).tracepoint(tracepoint).netns(4026531840L).ifindex(2)
                .ifname("veth0b").len(60).mtu(1500).protocol(0x0800).tuple(tuple).dropReason(reason).build();
    }
}
