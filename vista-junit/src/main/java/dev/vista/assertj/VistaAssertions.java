package dev.vista.assertj;

import dev.vista.junit.PacketTrace;

/**
 * Entry point of the assertions on traced packets; import it statically next to AssertJ's own:
 *
 * <pre>{@code
 * import static dev.vista.assertj.PacketSpec.udp;
 * import static dev.vista.assertj.VistaAssertions.assertThat;
 *
 * assertThat(trace).packet(udp().to("10.0.0.2", 53)).wasDropped().withReason(DropReason.NETFILTER_DROP);
 * assertThat(trace).packet(udp().to("10.0.0.2", 7)).reached(Tracepoint.NETIF_RECEIVE_SKB).inNetns(server);
 * assertThat(trace).lost().isZero();
 * }</pre>
 */
public final class VistaAssertions {
    private VistaAssertions() {
    }

    public static PacketTraceAssert assertThat(PacketTrace trace) {
        return new PacketTraceAssert(trace);
    }
}
