package dev.vista.format;

import dev.vista.event.SocketCall;
import dev.vista.event.SocketEvent;
import java.net.InetSocketAddress;

/**
 * Sockets as tcpw prints them, one line each:
 * <pre>
 * pid=4242 comm=curl af=AF_INET proto=TCP 10.0.0.1:46182 -&gt; 10.0.0.2:443
 * pid=4242 comm=server af=AF_INET6 proto=TCP [fd00::2]:8080 &lt;- [fd00::1]:51234
 * pid=4242 comm=dig af=AF_INET proto=UDP 10.0.0.1:40000 -- 10.0.0.53:53
 * pid=4242 comm=nc af=AF_UNIX proto=STREAM -&gt; /run/app.sock
 * </pre>
 * {@code ->} connected, {@code <-} accepted, {@code --} a datagram sent; Unix sockets show the path.
 */
public final class SocketLines {
    private final AddressText addresses = new AddressText();

    public String of(SocketEvent socket) {
        StringBuilder out = new StringBuilder(96).append("pid=").append(socket.pid()).append(" comm=")
                .append(socket.comm()).append(" af=").append(socket.family()).append(" proto=");
        String arrow = arrow(socket);
        if (socket.isUnix()) {
            return out.append(socket.type()).append(' ').append(arrow).append(' ')
                    .append(socket.path().isEmpty() ? "(unnamed)" : socket.path()).toString();
        }
        out.append(socket.protocol() != null ? socket.protocol() : socket.type()).append(' ');
        return appendAddress(appendAddress(out, socket.local()).append(' ').append(arrow).append(' '),
                socket.remote()).toString();
    }

    private static String arrow(SocketEvent socket) {
        if (socket.call() == SocketCall.ACCEPT) {
            return "<-";
        }
        return "STREAM".equals(socket.type()) ? "->" : "--";
    }

    private StringBuilder appendAddress(StringBuilder out, InetSocketAddress address) {
        return out.append(addresses.of(address.getAddress())).append(':').append(address.getPort());
    }
}
