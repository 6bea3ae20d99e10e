package dev.vista;

import dev.vista.event.Tracepoint;
import dev.vista.netns.NetworkNamespace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Traffic and rules the kernel tests make in their namespaces. */
final class Traffic {
    private Traffic() {
    }

    /** One UDP datagram from a socket opened inside {@code from}. */
    static void sendUdp(NetworkNamespace from, InetAddress to, int port) throws Exception {
        sendUdp(from, to, port, "vista".getBytes());
    }

    /** One UDP datagram of {@code payload} (larger than the MTU: sent in fragments). */
    static void sendUdp(NetworkNamespace from, InetAddress to, int port, byte[] payload) throws Exception {
        from.run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap(payload), new InetSocketAddress(to, port));
            }
        });
    }

    /**
     * A tracer of the drops of UDP packets from or to {@code port} (kfree_skb only): with nothing listening
     * there, each datagram {@link #sendUdpToLoopback} sends is exactly one event.
     */
    static TracerBuilder udpDropsAt(int port) {
        return Tracer.builder().traceTracepoints(Tracepoint.KFREE_SKB).filterProtocol(Protocol.UDP).filterPort(port);
    }

    /** {@code count} one-byte datagrams to {@code port} on loopback: each is a drop (NO_SOCKET) if nothing listens. */
    static void sendUdpToLoopback(int port, int count) throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < count; i++) {
                channel.send(ByteBuffer.wrap(new byte[] {1}), target);
            }
        }
    }

    /**
     * In {@code ns}, rewrites UDP to {@code published:publishedPort} to {@code real:realPort}, an
     * address on lo where nothing listens (so the rewritten packet is dropped for NO_SOCKET), with the
     * rule written by {@code iptables} (iptables, the nft backend on Debian, or iptables-legacy).
     */
    static void dnat(NetworkNamespace ns, String iptables, InetAddress published, int publishedPort, InetAddress real,
            int realPort) {
        ns.exec("ip", "addr", "add", real.getHostAddress() + "/32", "dev", "lo").orThrow();
        ns.exec(iptables, "-t", "nat", "-A", "PREROUTING", "-p", "udp", "-d", published.getHostAddress(),
                "--dport", String.valueOf(publishedPort), "-j", "DNAT",
                "--to-destination", real.getHostAddress() + ":" + realPort).orThrow();
    }

    /** How a TCP conversation ends. */
    enum TcpEnding {
        /** The client closes, then the server: FINs both ways. */
        CLEAN,
        /** The server closes with a byte it never read: the kernel resets the connection. */
        SERVER_RESETS
    }

    /** What a {@link #tcpConversation} did, measured by the test itself. */
    record TcpConversation(int clientPort, int serverPort, Duration elapsed) {
    }

    /**
     * A TCP connection from {@code client} to {@code server:port} that carries {@code request} and
     * {@code response}, is held open for {@code hold}, and ends as {@code ending} says. Sockets are
     * opened inside the namespaces; {@code elapsed} spans connect to the last close.
     */
    static TcpConversation tcpConversation(NetworkNamespace client, NetworkNamespace server, InetAddress address,
            int port, byte[] request, byte[] response, Duration hold, TcpEnding ending) throws Exception {
        try (ServerSocketChannel listener = server.call(
                () -> ServerSocketChannel.open().bind(new InetSocketAddress(address, port)))) {
            long started = System.nanoTime();
            SocketChannel connection = client.call(() -> SocketChannel.open(new InetSocketAddress(address, port)));
            SocketChannel accepted = listener.accept();
            int clientPort = ((InetSocketAddress) connection.getLocalAddress()).getPort();
            writeFully(connection, request);
            readFully(accepted, request.length);
            writeFully(accepted, response);
            readFully(connection, response.length);
            Thread.sleep(hold);
            if (ending == TcpEnding.SERVER_RESETS) {
                writeFully(connection, new byte[] {1});
                Thread.sleep(50); // let the byte arrive: unread data makes close() send a reset
                accepted.close();
                connection.close();
            } else {
                connection.close();
                readFully(accepted, 0);
                accepted.close();
            }
            return new TcpConversation(clientPort, port, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads exactly {@code n} bytes, then (for n = 0) waits for the end of the stream. */
    private static void readFully(SocketChannel channel, int n) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(n, 1));
        int read = 0;
        while (read < n) {
            int got = channel.read(buffer);
            if (got < 0) {
                throw new IllegalStateException("the peer closed after " + read + " of " + n + " bytes");
            }
            read += got;
        }
        if (n == 0 && channel.read(buffer) >= 0) {
            throw new IllegalStateException("expected the end of the stream, got data");
        }
    }
}
