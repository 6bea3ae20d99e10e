package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.Tuple;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TupleTextTest {
    private final TupleText text = new TupleText();

    private static Tuple udp(int sourcePort) {
        return new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("fd00::2"), sourcePort, 53,
                Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);
    }

    @Test
    void aTupleSeenAgainReusesItsText() {
        Tuple flow = udp(4242);
        String first = text.of(flow);
        assertThat(first).isEqualTo("10.0.0.1:4242->[fd00::2]:53(udp)");
        assertThat(text.of(flow)).isSameAs(first);
    }

    @Test
    void everyInstanceGetsItsOwnTextEvenAfterManyOthers() {
        for (int port = 1; port <= 2000; port++) { // more tuples than slots: evictions and shared slots
            assertThat(text.of(udp(port))).isEqualTo("10.0.0.1:" + port + "->[fd00::2]:53(udp)");
        }
    }
}
