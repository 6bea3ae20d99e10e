package dev.vista.examples.demo;

import dev.vista.netns.VethEnd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's server side, in the server's namespace: a TCP listener that reads each connection to
 * its end, and a UDP socket that reads what arrives. Reading matters: a datagram left unread would
 * be freed when the socket closes, and show up as a drop.
 */
final class DemoListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoListeners.class);
    private static final int BUFFER_BYTES = 2048;

    private final ServerSocketChannel tcp;
    private final DatagramChannel udp;

    private DemoListeners(ServerSocketChannel tcp, DatagramChannel udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    /** Opens the sockets inside the server's namespace (they stay there) and starts serving them. */
    static DemoListeners open(VethEnd server, int tcpPort, int udpPort) throws Exception {
        ServerSocketChannel tcp = server.namespace().call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(server.ipv4(), tcpPort)));
        DatagramChannel udp;
        try {
            udp = server.namespace().call(() -> DatagramChannel.open()
                    .bind(new InetSocketAddress(server.ipv4(), udpPort)));
        } catch (Exception e) {
            tcp.close();
            throw e;
        }
        DemoListeners listeners = new DemoListeners(tcp, udp);
        Thread.ofVirtual().name("demo-tcp-server").start(listeners::serveTcp);
        Thread.ofVirtual().name("demo-udp-server").start(listeners::serveUdp);
        return listeners;
    }

    private void serveTcp() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try {
            while (true) {
                try (SocketChannel connection = tcp.accept()) {
                    while (connection.read(buffer.clear()) >= 0) {
                        // read until the client closes its side; closing ours then ends the connection
                    }
                }
            }
        } catch (ClosedChannelException closed) {
            // the demo is over
        } catch (IOException e) {
            log.warn("demo TCP server failed: {}", e.toString());
        }
    }

    private void serveUdp() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        try {
            while (true) {
                udp.receive(buffer.clear());
            }
        } catch (ClosedChannelException closed) {
            // the demo is over
        } catch (IOException e) {
            log.warn("demo UDP server failed: {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        try (tcp; udp) {
            // closing both ends the serving threads
        }
    }
}
