package dev.vista.assertj;

import static dev.vista.assertj.PacketSpec.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.Tuple;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** What a packet spec matches, and how it reads in failure messages. */
class PacketSpecTest {
    private static final Tuple REQUEST = new Tuple(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("10.0.0.2"),
            40000, 53, Tuple.IPPROTO_UDP, 0, 0, 0, 0, 0);

    @Test
    void specsReadAsNounsAndMatchOnlyWhatTheyName() {
        assertThat(udp().from("10.0.0.1").to("fd00::2", 53)).hasToString("udp packet from 10.0.0.1 to [fd00:0:0:0:0:0:0:2]:53");
        assertThat(PacketSpec.ipPacket().toPort(53)).hasToString("IP packet to port 53");
        assertThat(udp().to("10.0.0.2", 53).matches(REQUEST)).isTrue();
        assertThat(udp().from("10.0.0.1", 40000).matches(REQUEST)).isTrue();
        assertThat(udp().to("10.0.0.2", 54).matches(REQUEST)).isFalse();
        assertThat(udp().from("10.0.0.2").matches(REQUEST)).isFalse();
        assertThat(PacketSpec.tcp().matches(REQUEST)).isFalse();
        assertThat(udp().matches(null)).as("a non-IP packet").isFalse();
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> udp().to("server.example")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'server.example' is not an IPv4 or IPv6 address literal");
        assertThatThrownBy(() -> udp().toPort(70000)).hasMessageContaining("port 70000 is out of range");
    }
}
