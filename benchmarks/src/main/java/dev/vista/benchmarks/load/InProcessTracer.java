package dev.vista.benchmarks.load;

import dev.vista.Output;
import dev.vista.TraceStats;
import dev.vista.Tracer;
import dev.vista.TracerBuilder;

/**
 * The library inside the harness's own JVM, every skb tracepoint, with a zero-copy view sink that reads a
 * few fields (what an embedding program that counts or samples does). Either every packet is traced, or
 * only port 22, which the flood does not use: the cost of watching one flow on a busy machine, where the
 * kernel reads and rejects every other packet. Its CPU is the poller thread's; its memory is the
 * harness's, so no RSS is reported.
 */
final class InProcessTracer implements TracerUnderTest {
    private static final int OTHER_PORT = 22;
    private final String name;
    private final TracerBuilder builder;
    private Tracer tracer;
    private long pollerThread;
    private long checksum;

    private InProcessTracer(String name, TracerBuilder builder) {
        this.name = name;
        this.builder = builder;
    }

    static InProcessTracer everyPacket() {
        return new InProcessTracer("library (in-process)", Tracer.builder().traceSkb());
    }

    static InProcessTracer otherPort() {
        return new InProcessTracer("library, port " + OTHER_PORT + " only (flood not matched)",
                Tracer.builder().traceSkb().filterPort(OTHER_PORT));
    }

    /** Every packet with Output.SKB: the kernel copies each event's struct sk_buff into the ring as well. */
    static InProcessTracer withSkbStructs() {
        return new InProcessTracer("library, Output.SKB (raw sk_buff per event)",
                Tracer.builder().traceSkb().output(Output.SKB));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        tracer = builder.onEventView(view -> checksum += view.len() + view.skb()).start();
        pollerThread = pollerThreadId();
    }

    /** The poller's kernel thread id; the new thread gives the kernel its name itself, so wait a little for it. */
    private static long pollerThreadId() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            var id = ProcStats.threadId("vista-poller");
            if (id.isPresent()) {
                return id.getAsLong();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tracer started no vista-poller thread (none within 2 s)");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public long progress() {
        TraceStats stats = tracer.stats();
        return stats.delivered() + stats.lost();
    }

    @Override
    public long cpuNanos() {
        return ProcStats.cpuNanos(ProcStats.threadStat(pollerThread));
    }

    @Override
    public void abort() {
        if (tracer != null) {
            tracer.close();
        }
    }

    @Override
    public Outcome stop() {
        tracer.close();
        TraceStats stats = tracer.stats();
        return new Outcome(stats.delivered(), stats.lost(), -1, checksum == 0 && stats.delivered() > 0
                ? "the sink saw only zeros" : "");
    }
}
