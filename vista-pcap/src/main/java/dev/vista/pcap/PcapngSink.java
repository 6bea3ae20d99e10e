package dev.vista.pcap;

import dev.vista.event.CapturedPacket;
import dev.vista.event.LossEvent;
import dev.vista.event.PacketStart;
import dev.vista.event.PacketProgramType;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the packets of a trace to a pcapng file: give it to {@code onEvent} with
 * {@code capturePackets(snaplen)}, and its {@link #lost} to {@code onLoss}:
 *
 * <pre>{@code
 * try (PcapngSink pcap = PcapngSink.create(Path.of("trace.pcapng"));
 *      Tracer tracer = Tracer.builder().traceSkb().capturePackets(256).onEvent(pcap).onLoss(pcap::lost).start()) {
 *     ...
 * }
 * }</pre>
 *
 * One interface per network namespace, device and link type, named like {@code veth0b@netns:4026532247};
 * each packet's comment says where it was (tracepoint or function, drop reason, skb address, CPU,
 * process) and its direction is set where the tracepoint tells it.
 *
 * <p>TC and XDP programs' events ({@code traceTcPrograms()}, {@code traceXdpPrograms()}) carry the packet before the
 * program (entry) and after it (exit). The sink writes the entry events unless told otherwise by
 * {@link #capturing}: with {@link CaptureMode#EXIT} the exit's packet is written with the program's return value in
 * the block's {@code epb_verdict} (Wireshark: {@code frame.verdict.ebpf_tc}, {@code frame.verdict.ebpf_xdp}), and
 * its comment names the program, the phase and the verdict ({@code rewrite_udp_por(tc) exit verdict=TC_ACT_OK
 * cost=1840ns prog=42 skb=0x...}). Events lost by the ring are counted
 * in the statistics block written at close. Whole blocks are flushed every {@link #DEFAULT_FLUSH_INTERVAL}
 * (a killed process leaves a file that ends after the last flush). A write that fails closes the
 * capture, keeps the whole blocks written before, and throws {@link PcapWriteException} from this and
 * every later event.
 */
public final class PcapngSink implements Consumer<TraceEvent>, Closeable {
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    private static final String APPLICATION = "vista for Java";

    private final PcapngWriter writer;
    private final String target;
    private final ScheduledExecutorService flusher;
    private final Map<InterfaceKey, Integer> interfaces = new HashMap<>();
    private final StringBuilder comment = new StringBuilder(128);
    private byte[] scratch = new byte[256];
    private long packets;
    private long withoutPacket;
    private long outsideModes;
    private Set<CaptureMode> modes = EnumSet.of(CaptureMode.ENTRY);
    private PcapWriteException failure;
    private boolean closed;

    private record InterfaceKey(long netns, int ifindex, LinkType linkType) {
    }

    private PcapngSink(PcapngWriter writer, String target, Duration flushInterval) {
        this.writer = writer;
        this.target = target;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vista-pcapng-flush");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A capture into {@code file}, created or emptied. */
    public static PcapngSink create(Path file) throws IOException {
        return new PcapngSink(PcapngWriter.create(file, APPLICATION), file.toString(), DEFAULT_FLUSH_INTERVAL);
    }

    /** A capture written to standard output (for {@code | tshark -r -}): nothing else may write there. */
    public static PcapngSink toStandardOutput() throws IOException {
        return toChannel(new FileOutputStream(FileDescriptor.out).getChannel(), "standard output",
                DEFAULT_FLUSH_INTERVAL);
    }

    /** A capture written to {@code channel} (closed with the sink), flushed every {@code flushInterval}. */
    public static PcapngSink toChannel(WritableByteChannel channel, String name, Duration flushInterval)
            throws IOException {
        return new PcapngSink(new PcapngWriter(channel, PcapngWriter.DEFAULT_BUFFER_BYTES, APPLICATION), name,
                flushInterval);
    }

    /**
     * Writes the packets of events of these modes from now on (the default is {@link CaptureMode#ENTRY} alone);
     * the events of other modes are counted as {@link #eventsOutsideModes()}.
     *
     * @return this sink
     */
    public synchronized PcapngSink capturing(Set<CaptureMode> modes) {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no capture mode given to the pcapng capture to " + target
                    + ": give ENTRY, EXIT or both");
        }
        this.modes = EnumSet.copyOf(modes);
        return this;
    }

    /**
     * Writes the event's packet when its {@link CaptureMode} is captured; an event of another mode, and an event
     * without a packet (no capture asked, or no header found), is counted.
     */
    @Override
    public synchronized void accept(TraceEvent event) {
        checkUsable();
        if (!modes.contains(CaptureMode.of(event))) {
            outsideModes++;
            return;
        }
        CapturedPacket packet = event.packet();
        if (packet == null) {
            withoutPacket++;
            return;
        }
        if (scratch.length < packet.length()) {
            scratch = new byte[packet.length()];
        }
        int length = packet.copyTo(scratch, 0);
        try {
            int id = interfaceOf(event, linkType(packet, scratch));
            ProgramCall program = event.program();
            VerdictType verdictType = program == null || program.verdict() == null ? null
                    : program.type() == PacketProgramType.TC ? VerdictType.EBPF_TC : VerdictType.EBPF_XDP;
            writer.writePacket(id, event.epochNanos(), scratch, 0, length, packet.originalLength(), direction(event),
                    verdictType, verdictType == null ? 0 : program.verdict().value(), describe(event));
            packets++;
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Counts a loss marker's events: the capture's statistics block reports them as dropped. */
    public synchronized void lost(LossEvent loss) {
        writer.countDropped(loss.count());
    }

    /** Packets written. */
    public synchronized long packets() {
        return packets;
    }

    /** Why writing failed (then tracing should stop), or null while it has not. */
    public synchronized PcapWriteException failure() {
        return failure;
    }

    /** Events not written because their mode is not {@link #capturing captured}. */
    public synchronized long eventsOutsideModes() {
        return outsideModes;
    }

    /** Events that came without a packet (not written). */
    public synchronized long eventsWithoutPacket() {
        return withoutPacket;
    }

    /** Writes the statistics, flushes and closes the file; throws when writing failed (now or before). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true; // a flush that runs after this does nothing
        // Not shutdownNow: the lock waited for any flush in progress, and an interrupt while the flusher writes to a
        // FileChannel closes the channel under it (ClosedByInterruptException).
        flusher.shutdown();
        if (failure != null) {
            closeAfterFailure();
            throw failure.getCause();
        }
        writer.close();
    }

    /** Releases the file; the statistics may not fit any more, and the write's own failure is what counts. */
    private void closeAfterFailure() {
        try {
            writer.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private int interfaceOf(TraceEvent event, LinkType linkType) throws IOException {
        InterfaceKey key = new InterfaceKey(event.netns(), event.ifindex(), linkType);
        Integer id = interfaces.get(key);
        if (id == null) {
            boolean named = event.ifname() != null && !event.ifname().isEmpty();
            String device = named ? event.ifname() : "if" + event.ifindex();
            id = writer.addInterface(device + "@netns:" + event.netns(), linkType, 0);
            interfaces.put(key, id);
        }
        return id;
    }

    private static LinkType linkType(CapturedPacket packet, byte[] bytes) {
        if (packet.start() == PacketStart.LINK_LAYER) {
            return LinkType.ETHERNET;
        }
        return packet.length() > 0 && (bytes[0] & 0xF0) == 0x60 ? LinkType.IPV6 : LinkType.IPV4;
    }

    private static Direction direction(TraceEvent event) {
        if (event.program() != null && event.program().type() == PacketProgramType.XDP) {
            return Direction.INBOUND; // XDP sees frames as they are received
        }
        Tracepoint tp = event.tracepoint();
        if (tp == null) {
            return Direction.UNKNOWN;
        }
        return switch (tp) {
            case NET_DEV_QUEUE, NET_DEV_START_XMIT, NET_DEV_XMIT -> Direction.OUTBOUND;
            case NETIF_RECEIVE_SKB, NETIF_RX, NAPI_GRO_RECEIVE_ENTRY -> Direction.INBOUND;
            default -> Direction.UNKNOWN;
        };
    }

    /**
     * Where the packet was: {@code skb:kfree_skb reason=NO_SOCKET at=... skb=0x... cpu=1 pid=42 comm=ping}, or for
     * a program {@code drop_icmp(tc) exit verdict=TC_ACT_SHOT cost=1840ns prog=42 skb=0x... cpu=1 ...}.
     */
    private CharSequence describe(TraceEvent event) {
        comment.setLength(0);
        comment.append(event.tracepoint() != null ? event.tracepoint().qualifiedName() : event.where());
        ProgramCall program = event.program();
        if (program != null) {
            describeProgram(program);
            comment.append(program.type() == PacketProgramType.XDP ? " xdp=0x" : " skb=0x")
                    .append(Long.toHexString(event.skb()));
        } else {
            describeSkb(event);
        }
        comment.append(" cpu=").append(event.cpu()).append(" pid=").append(event.pid());
        comment.append(" comm=").append(event.comm());
        return comment;
    }

    /** {@code exit verdict=TC_ACT_SHOT cost=1840ns prog=42}, or {@code entry prog=42}. */
    private void describeProgram(ProgramCall program) {
        comment.append(program.phase() == ProgramPhase.EXIT ? " exit" : " entry");
        if (program.verdict() != null) {
            comment.append(" verdict=").append(program.verdict().name());
        }
        if (program.durationNanos() > 0) {
            comment.append(" cost=").append(program.durationNanos()).append("ns");
        }
        comment.append(" prog=").append(program.id());
    }

    private void describeSkb(TraceEvent event) {
        if (event.dropReason() != null) {
            comment.append(" reason=").append(event.dropReason().name());
        }
        if (event.location() != null) {
            comment.append(" at=").append(event.location());
        }
        comment.append(" skb=0x").append(Long.toHexString(event.skb()));
    }

    private synchronized void flushQuietly() {
        if (closed || failure != null) {
            return;
        }
        try {
            writer.flush();
        } catch (IOException e) {
            failure = failureOf(e);
        }
    }

    private void fail(IOException e) {
        failure = failureOf(e);
        throw failure;
    }

    private PcapWriteException failureOf(IOException e) {
        return new PcapWriteException("writing the pcapng capture to " + target + " failed: " + e.getMessage(), e);
    }

    private void checkUsable() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("the pcapng capture to " + target + " is closed");
        }
    }

    /** Writing the capture failed: tracing should stop; the file holds the whole blocks written before. */
    public static final class PcapWriteException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        PcapWriteException(String message, IOException cause) {
            super(message, cause);
        }
    }
}
