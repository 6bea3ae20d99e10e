package dev.vista.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.SocketCall;
import dev.vista.event.SocketEvent;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SocketLinesTest {
    private final SocketLines lines = new SocketLines();

    private static SocketEvent inet(SocketCall call, String family, String type, String protocol, String local,
            int localPort, String remote, int remotePort) {
        return new SocketEvent(1, 2, 4242, "curl", 4026531840L, 0xffff0000L, call, family, type, protocol,
                new InetSocketAddress(local, localPort), new InetSocketAddress(remote, remotePort), null);
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
        SocketEvent stream = new SocketEvent(1, 2, 7, "nc", 1, 2, SocketCall.CONNECT, "AF_UNIX", "STREAM", null, null,
                null, "/run/app.sock");
        SocketEvent datagram = new SocketEvent(1, 2, 7, "logger", 1, 2, SocketCall.SEND, "AF_UNIX", "DGRAM", null,
                null, null, "@abstract");
        assertThat(lines.of(stream)).isEqualTo("pid=7 comm=nc af=AF_UNIX proto=STREAM -> /run/app.sock");
        assertThat(lines.of(datagram)).isEqualTo("pid=7 comm=logger af=AF_UNIX proto=DGRAM -- @abstract");
    }
}
