package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.KernelStruct;
import dev.vista.event.TraceEvent;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Output.SKB and SHINFO on real traffic: the struct sk_buff each event of a datagram the test sends
 * carries agrees with the event's own fields and with what the test did (its length, the mark an
 * iptables rule set, an IPv4 header without options, the device it left by).
 */
@Tag("kernel")
class SkbStructKernelTest {
    private static final int PORT = 5224;
    private static final int MARK = 0x2a;
    private static final byte[] PAYLOAD = "vista".getBytes();
    /** IPv4 header (no options) + UDP header + payload. */
    private static final int IP_LENGTH = 20 + 8 + PAYLOAD.length;

    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;
    private final EventRecorder<TraceEvent> recorder = new EventRecorder<>();
    private Tracer tracer;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(224);
        client = net.client();
        server = net.server();
        client.namespace().iptables("-t", "mangle", "-A", "OUTPUT", "-p", "udp", "--dport", String.valueOf(PORT),
                "-j", "MARK", "--set-mark", String.valueOf(MARK)).orThrow();
    }

    @AfterAll
    static void removeTestbed() {
        net.close();
    }

    @AfterEach
    void closeTracer() throws Exception {
        OurBpfPrograms.closeExpectingNoneLeft(tracer);
    }

    @Test
    void theCopiedSkbAgreesWithTheEventAndWithWhatTheTestSent() throws Exception {
        tracer = Tracer.builder().traceSkb().filterNetns(client.namespace().inode()).filterProtocol(Protocol.UDP)
                .filterPort(PORT).output(Output.META, Output.TUPLE, Output.SKB, Output.SHINFO).onEvent(recorder)
                .start();

        Traffic.sendUdp(client.namespace(), server.ipv4(), PORT, PAYLOAD);

        recorder.await("the datagram leaving by the client's veth",
                e -> e.ifindex() == client.ifindex() && e.mark() == MARK);
        List<TraceEvent> events = recorder.events();
        assertThat(events).allSatisfy(e -> {
            KernelStruct skb = e.skbStruct();
            assertThat(skb).as("skb of %s", e.where()).isNotNull();
            assertThat(skb.getLong("len")).as("len at %s", e.where()).isEqualTo(e.len());
            // __be16: the number read from its bytes in host (little-endian) order is byte-swapped.
            assertThat(Short.toUnsignedInt(Short.reverseBytes((short) skb.getLong("protocol"))))
                    .isEqualTo(e.protocol());
            assertThat(skb.getLong("pkt_type")).isEqualTo(e.pktType());
            assertThat(skb.getLong("mark")).isEqualTo(e.mark());
            // head..data..tail: the linear bytes from data to tail are len minus the paged bytes.
            long dataOffset = skb.getLong("data") - skb.getLong("head");
            assertThat(skb.getLong("tail") - dataOffset).isEqualTo(skb.getLong("len") - skb.getLong("data_len"));
            // The test's IPv4 header has no options.
            assertThat(skb.getLong("transport_header") - skb.getLong("network_header")).isEqualTo(20);
            assertThat(skb.toString()).startsWith("(struct sk_buff){\n")
                    .contains("\n .len = (unsigned int)" + e.len() + ",\n");
            KernelStruct shinfo = e.sharedInfo();
            assertThat(shinfo).isNotNull();
            assertThat(shinfo.getLong("nr_frags")).isZero();
            assertThat(shinfo.getLong("dataref.counter")).isPositive();
        });
        // The datagram as the test sent it: its IP length once the IP header exists, and the mark set in OUTPUT.
        TraceEvent leaving = events.stream().filter(e -> e.ifindex() == client.ifindex() && e.mark() == MARK)
                .findFirst().orElseThrow();
        KernelStruct skb = leaving.skbStruct();
        assertThat(skb.getLong("len") - (skb.getLong("network_header") - (skb.getLong("data") - skb.getLong("head"))))
                .isEqualTo(IP_LENGTH);
        assertThat(skb.toString()).contains(" .mark = (__u32)42,\n");
        // Every event at the client's device points at one struct net_device; events before routing at none.
        Set<Long> devices = events.stream().filter(e -> e.ifindex() == client.ifindex())
                .map(e -> e.skbStruct().getLong("dev")).collect(Collectors.toSet());
        assertThat(devices).hasSize(1).allSatisfy(dev -> assertThat(dev >>> 48).isEqualTo(0xffff));
        assertThat(skb.toString())
                .contains(".dev = (struct net_device *)0x%016x,".formatted(devices.iterator().next()));
        assertThat(events.stream().filter(e -> e.ifindex() == 0))
                .allSatisfy(e -> assertThat(e.skbStruct().getLong("dev")).isZero());
    }
}
