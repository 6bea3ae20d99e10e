package dev.vista.examples.cli;

import dev.vista.format.TimestampMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code vista} flags that say what events carry and how and where they are printed. */
final class OutputOptions {
    // Twice the library's default: the CLI formats and writes every event on its poller thread, so a GC pause,
    // a JIT compile or the scheduler giving the CPU to the traffic stalls it, and under a flood (0.5 M events/s)
    // 16 MiB (80 k events) fills in 170 ms; 32 MiB rides out 350 ms. Not more: the ring's data is mapped twice
    // into the process (a record that wraps stays contiguous), so each MiB counts twice in the peak RSS, and
    // 64 MiB measured 245 MB, over the 200 MB we allow (BENCHMARKS.md, "Under load"). A printing thread behind
    // a bounded queue was not chosen: on a 2-CPU machine it competes with the traffic for the same CPUs and adds
    // a hand-off per event, while the ring already is a bounded hand-off that counts what it loses.
    static final int DEFAULT_RING_BYTES = 32 * 1024 * 1024;

    @Option(names = "--filter-skb-drop-stack", description = "print the kernel stack of each dropped skb (kfree_skb)")
    boolean dropStack;

    @Option(names = "--output-meta", description = "print skb metadata")
    boolean meta;

    @Option(names = "--output-tuple", description = "print L4 tuple")
    boolean tuple;

    @Option(names = "--output-caller", description = "print the caller of each traced kernel function")
    boolean caller;

    @Option(names = "--output-stack", description = "print stack")
    boolean stack;

    @Option(names = "--output-sk",
            description = "print the sock fields of socket events: state, bound device, buffers, priority, mark, type, "
                    + "socket state, inode")
    boolean sk;

    @Option(names = "--output-tcp",
            description = "print the TCP counters of each connection: bytes, srtt, retransmits, congestion, reset")
    boolean tcp;

    @Option(names = "--output-skb",
            description = "print the whole struct sk_buff after each packet event (its bytes copied in the kernel, "
                    + "printed with the kernel's BTF)")
    boolean skb;

    @Option(names = "--output-skb-shared-info",
            description = "print the struct skb_shared_info of each packet event (pwru's flag)")
    boolean sharedInfo;

    @Option(names = "--output-limit-lines", paramLabel = "N",
            description = "exit the program after the number of events has been received/printed")
    long limit;

    @Option(names = "--output-file", paramLabel = "FILE", description = "write traces to file")
    Path file;

    @Option(names = "--output-json", description = "print one JSON object per event and line instead of vista's text")
    boolean json;

    @Option(names = "--timestamp", paramLabel = "MODE", defaultValue = "none",
            description = "print timestamp per event: relative (ns since the skb was last seen),"
                    + " absolute (wall clock and kernel ns), current (kernel ns), none (default)")
    TimestampMode timestamp;

    @Option(names = "--ring-size", paramLabel = "BYTES",
            description = "size of the kernel ring buffer: a power of two, 65536 to 1073741824 (default 32 MiB)")
    int ringSize = DEFAULT_RING_BYTES;
}
