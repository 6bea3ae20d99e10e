package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Following a packet (filterTrackSkb) through a DNAT rule whose rewritten address and port no
 * longer match the filters: on the tracepoint backend, so it runs on our own kernel.
 */
@Tag("kernel")
class SkbTrackingKernelTest {
    private static final int PUBLISHED_PORT = 5555;
    private static final int REAL_PORT = 6666;
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;
    private static InetAddress realAddress;
    private final EventRecorder recorder = new EventRecorder();
    private Tracer tracer;

    @BeforeAll
    static void createTestbedWithDnat() throws Exception {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.202.1.1/24", "fd00:202:1::1/64"),
                        VethEndSpec.of("server", "10.202.1.2/24", "fd00:202:1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        realAddress = InetAddress.getByName("10.202.9.9");
        Traffic.dnat(server.namespace(), server.ipv4(), PUBLISHED_PORT, realAddress, REAL_PORT);
    }


    @AfterEach
    void closeTracer() throws Exception {
        if (tracer != null) {
            tracer.close();
        }
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    private void traceThePublishedAddress(boolean track) {
        tracer = Tracer.builder().traceSkb().filterNetns(server.namespace().inode())
                .filterAddress(server.ipv4()).filterPort(PUBLISHED_PORT).filterTrackSkb(track)
                .onEvent(recorder).start();
    }

    @Test
    void aFollowedPacketIsSeenAfterDnatRewroteItsDestination() throws Exception {
        traceThePublishedAddress(true);

        Traffic.sendUdp(client.namespace(), server.ipv4(), PUBLISHED_PORT);

        TraceEvent before = recorder.await("the datagram arriving for the published address",
                e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB);
        assertThat(before.tuple().destination()).isEqualTo(server.ipv4());
        TraceEvent after = recorder.await("the same packet dropped after DNAT",
                e -> e.tracepoint() == Tracepoint.KFREE_SKB && e.skb() == before.skb());
        assertThat(after.tuple().destination()).as("rewritten by DNAT").isEqualTo(realAddress);
        assertThat(after.tuple().destinationPort()).isEqualTo(REAL_PORT);
        assertThat(after.dropReason().name()).isEqualTo(DropReason.NO_SOCKET);
    }

    @Test
    void withoutFollowingTheRewrittenPacketIsFilteredOut() throws Exception {
        traceThePublishedAddress(false);

        Traffic.sendUdp(client.namespace(), server.ipv4(), PUBLISHED_PORT);

        recorder.await("the datagram arriving", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB);
        // The drop follows the arrival within the same softirq; 200 ms is ample for it to have come.
        Thread.sleep(200);
        assertThat(recorder.events()).noneMatch(e -> e.tuple().destination().equals(realAddress))
                .noneMatch(e -> e.tracepoint() == Tracepoint.KFREE_SKB);
    }
}
