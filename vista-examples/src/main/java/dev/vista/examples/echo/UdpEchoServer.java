package dev.vista.examples.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small UDP echo service (RFC 862): every datagram goes back to its sender unchanged. The service under
 * test in vista-junit's worked example; its socket belongs to the network namespace it was opened in.
 */
public final class UdpEchoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEchoServer.class);
    private static final int MAX_DATAGRAM = 65_507;

    private final DatagramChannel channel;
    private final Thread worker;

    private UdpEchoServer(DatagramChannel channel) {
        this.channel = channel;
        this.worker = Thread.ofPlatform().name("udp-echo").daemon().start(this::serve);
    }

    /** Binds to {@code address} (in the calling thread's network namespace) and starts echoing. */
    public static UdpEchoServer start(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(address);
        return new UdpEchoServer(channel);
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (true) {
                buffer.clear();
                SocketAddress sender = channel.receive(buffer);
                buffer.flip();
                channel.send(buffer, sender);
            }
        } catch (AsynchronousCloseException closed) {
            // close() ends the service
        } catch (IOException e) {
            log.warn("echo service stopped", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            worker.join();
        } catch (InterruptedException e) {
            // The worker ends on its own now that the channel is closed; the caller sees the interrupt.
            Thread.currentThread().interrupt();
        }
    }
}
