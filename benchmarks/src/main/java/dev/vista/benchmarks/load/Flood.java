package dev.vista.benchmarks.load;

import dev.vista.netns.Veth;
import dev.vista.netns.VethEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded flood from end a to end b of a veth pair: UDP datagrams, or small TCP writes with Nagle off
 * (so most become segments of their own). A receiver on b drains everything so the traffic is real
 * delivery, not drops. The sockets are created inside the namespaces and used from ordinary threads.
 */
final class Flood implements AutoCloseable {
    enum Kind { UDP, TCP }

    private static final int PORT = 9000;
    private static final int CHECK_EVERY = 64; // messages between clock reads: a paced flood's largest burst

    private final Kind kind;
    private final VethEnd sender;
    private final ByteChannel out;
    private final Channel[] sockets;
    private final Thread receiver;
    private final ByteBuffer message;

    private Flood(Kind kind, VethEnd sender, ByteChannel out, Channel in, int messageBytes, Channel... sockets) {
        this.kind = kind;
        this.sender = sender;
        this.out = out;
        this.sockets = sockets;
        this.message = ByteBuffer.allocateDirect(messageBytes);
        this.receiver = Thread.ofPlatform().name("flood-receiver").daemon().start(() -> drain(in));
    }

    static Flood open(Kind kind, Veth veth, int messageBytes) throws Exception {
        InetSocketAddress target = new InetSocketAddress(veth.b().ipv4(), PORT);
        return switch (kind) {
            case UDP -> {
                DatagramChannel in = veth.b().namespace().call(() -> DatagramChannel.open()
                        .setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20).bind(target));
                DatagramChannel out = veth.a().namespace().call(() -> DatagramChannel.open().connect(target));
                yield new Flood(kind, veth.a(), out, in, messageBytes, out, in);
            }
            case TCP -> {
                ServerSocketChannel listener = veth.b().namespace().call(() -> ServerSocketChannel.open().bind(target));
                SocketChannel out = veth.a().namespace().call(() -> SocketChannel.open(target)
                        .setOption(StandardSocketOptions.TCP_NODELAY, true));
                SocketChannel in = listener.accept();
                yield new Flood(kind, veth.a(), out, in, messageBytes, out, in, listener);
            }
        };
    }

    Kind kind() {
        return kind;
    }

    /**
     * Sends until {@code maxMessages} are out or {@code maxTime} has passed, whichever is first, at most
     * {@code perSecond} messages a second (0: as fast as the sender can).
     */
    Result run(long maxMessages, Duration maxTime, long perSecond) throws IOException {
        long packetsBefore = txPackets();
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        long sent = 0;
        long bytes = 0;
        while (sent < maxMessages) {
            message.clear();
            bytes += out.write(message);
            sent++;
            if (sent % CHECK_EVERY == 0) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                long ahead = perSecond == 0 ? 0 : start + sent * 1_000_000_000L / perSecond - now;
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
        }
        long nanos = System.nanoTime() - start;
        return new Result(kind, sent, txPackets() - packetsBefore, bytes, nanos);
    }

    /** Packets the sending interface transmitted so far (its kernel counter; TCP segments included). */
    private long txPackets() {
        String counter = "/sys/class/net/" + sender.ifname() + "/statistics/tx_packets";
        return Long.parseLong(sender.namespace().exec("cat", counter).orThrow().stdout().strip());
    }

    private static void drain(Channel in) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        try {
            while (true) {
                buffer.clear();
                if (in instanceof DatagramChannel datagrams) {
                    datagrams.receive(buffer);
                } else if (((ReadableByteChannel) in).read(buffer) < 0) {
                    return;
                }
            }
        } catch (ClosedChannelException closed) {
            // the flood is over
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Channel socket : sockets) {
            socket.close();
        }
        try {
            receiver.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            // The receiver ends on its own now that its socket is closed; the caller sees the interrupt.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param messages datagrams or TCP writes sent
     * @param packets  packets the sending interface transmitted meanwhile
     */
    record Result(Kind kind, long messages, long packets, long bytes, long nanos) {
        double packetsPerSecond() {
            return packets * 1e9 / nanos;
        }

        double megabytesPerSecond() {
            return bytes * 1e3 / nanos;
        }
    }
}
