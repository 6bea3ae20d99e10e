package dev.vista;

import dev.vista.netns.NetworkNamespace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Traffic and rules the kernel tests make in their namespaces. */
final class Traffic {
    private Traffic() {
    }

    /** One UDP datagram from a socket opened inside {@code from}. */
    static void sendUdp(NetworkNamespace from, InetAddress to, int port) throws Exception {
        from.run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(to, port));
            }
        });
    }

    /**
     * In {@code ns}, rewrites UDP to {@code published:publishedPort} to {@code real:realPort}, an
     * address on lo where nothing listens (so the rewritten packet is dropped for NO_SOCKET).
     */
    static void dnat(NetworkNamespace ns, InetAddress published, int publishedPort, InetAddress real, int realPort) {
        ns.exec("ip", "addr", "add", real.getHostAddress() + "/32", "dev", "lo").orThrow();
        ns.iptables("-t", "nat", "-A", "PREROUTING", "-p", "udp", "-d", published.getHostAddress(),
                "--dport", String.valueOf(publishedPort), "-j", "DNAT",
                "--to-destination", real.getHostAddress() + ":" + realPort).orThrow();
    }
}
