package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.SocketCall;
import dev.vista.event.SocketEvent;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SocketLinesTest {
    private final SocketLines lines = new SocketLines();

    private static SocketEvent inet(SocketCall call, String family, String type, String protocol, String local,
            int localPort, String remote, int remotePort) {
        return SocketEvent.builder().timestampNs(1).epochNanos(2).pid(4242).comm("curl").netns(4026531840L)
                .sock(0xffff0000L).call(call).family(family).type(type).protocol(protocol)
                .local(new InetSocketAddress(local, localPort)).remote(new InetSocketAddress(remote, remotePort))
                .build();
    }

    @Test
    void tcpConnectAndAcceptPointTheWayTheConnectionWasOpened() {
        assertThat(lines.of(inet(SocketCall.CONNECT, "AF_INET", "STREAM", "TCP", "10.0.0.1", 46182, "10.0.0.2", 443)))
                .isEqualTo("pid=4242 comm=curl af=AF_INET proto=TCP 10.0.0.1:46182 -> 10.0.0.2:443");
        assertThat(lines.of(inet(SocketCall.ACCEPT, "AF_INET6", "STREAM", "TCP", "fd00::2", 8080, "fd00::1", 51234)))
                .isEqualTo("pid=4242 comm=curl af=AF_INET6 proto=TCP [fd00::2]:8080 <- [fd00::1]:51234");
    }

    @Test
    void udpUsesTwoDashes() {
        assertThat(lines.of(inet(SocketCall.SEND, "AF_INET", "DGRAM", "UDP", "10.0.0.1", 40000, "10.0.0.53", 53)))
                .isEqualTo("pid=4242 comm=curl af=AF_INET proto=UDP 10.0.0.1:40000 -- 10.0.0.53:53");
    }

    @Test
    void unixSocketsShowTheirPath() {
        SocketEvent stream = SocketEvent.builder().timestampNs(1).epochNanos(2).pid(7).comm("nc").netns(1).sock(2)
                .call(SocketCall.CONNECT).family("AF_UNIX").type("STREAM").path("/run/app.sock").build();
        SocketEvent datagram = SocketEvent.builder().timestampNs(1).epochNanos(2).pid(7).comm("logger").netns(1)
                .sock(2).call(SocketCall.SEND).family("AF_UNIX").type("DGRAM").path("@abstract").build();
        assertThat(lines.of(stream)).isEqualTo("pid=7 comm=nc af=AF_UNIX proto=STREAM -> /run/app.sock");
        assertThat(lines.of(datagram)).isEqualTo("pid=7 comm=logger af=AF_UNIX proto=DGRAM -- @abstract");
    }
}
