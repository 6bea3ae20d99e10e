package dev.vista.examples.cli;

import dev.vista.format.TimestampMode;
import java.nio.file.Path;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code vista} flags that say what events carry and how and where they are printed. */
final class OutputOptions extends FlagGroup {
    // Twice the library's default: the CLI formats and writes every event on its poller thread, so a GC pause,
    // a JIT compile or the scheduler giving the CPU to the traffic stalls it, and under a flood (0.5 M events/s)
    // 16 MiB (80 k events) fills in 170 ms; 32 MiB rides out 350 ms. Not more: the ring's data is mapped twice
    // into the process (a record that wraps stays contiguous), so each MiB counts twice in the peak RSS, and
    // 64 MiB measured 245 MB, over the 200 MB we allow (BENCHMARKS.md, "Under load"). A printing thread behind
    // a bounded queue was not chosen: on a 2-CPU machine it competes with the traffic for the same CPUs and adds
    // a hand-off per event, while the ring already is a bounded hand-off that counts what it loses.
    static final int DEFAULT_RING_BYTES = 32 * 1024 * 1024;

    private final OptionSpec dropStack = flag("--filter-skb-drop-stack",
            "print the kernel stack of each dropped skb (kfree_skb)");
    private final OptionSpec meta = flag("--output-meta", "print skb metadata");
    private final OptionSpec tuple = flag("--output-tuple", "print L4 tuple");
    private final OptionSpec caller = flag("--output-caller", "print the caller of each traced kernel function");
    private final OptionSpec stack = flag("--output-stack", "print stack");
    private final OptionSpec sk = flag("--output-sk",
            "print the sock fields of socket events: state, bound device, buffers, priority, mark, type, "
                    + "socket state, inode");
    private final OptionSpec tcp = flag("--output-tcp",
            "print the TCP counters of each connection: bytes, srtt, retransmits, congestion, reset");
    private final OptionSpec skb = flag("--output-skb",
            "print the whole struct sk_buff after each packet event (its bytes copied in the kernel, "
                    + "printed with the kernel's BTF)");
    private final OptionSpec sharedInfo = flag("--output-skb-shared-info",
            "print the struct skb_shared_info of each packet event (pwru's flag)");
    private final OptionSpec limit = add(OptionSpec.builder("--output-limit-lines").paramLabel("N").type(long.class)
            .initialValue(0L).description("exit the program after the number of events has been received/printed"));
    private final OptionSpec file = option("--output-file", "FILE", Path.class, "write traces to file");
    private final OptionSpec json = flag("--output-json",
            "print one JSON object per event and line instead of vista's text");
    private final OptionSpec timestamp = add(OptionSpec.builder("--timestamp").paramLabel("MODE")
            .type(TimestampMode.class).defaultValue("none")
            .description("print timestamp per event: relative (ns since the skb was last seen),"
                    + " absolute (wall clock and kernel ns), current (kernel ns), none (default)"));
    private final OptionSpec ringSize = add(OptionSpec.builder("--ring-size").paramLabel("BYTES").type(int.class)
            .initialValue(DEFAULT_RING_BYTES)
            .description("size of the kernel ring buffer: a power of two, 65536 to 1073741824 (default 32 MiB)"));

    boolean dropStack() {
        return isSet(dropStack);
    }

    boolean meta() {
        return isSet(meta);
    }

    boolean tuple() {
        return isSet(tuple);
    }

    boolean caller() {
        return isSet(caller);
    }

    boolean stack() {
        return isSet(stack);
    }

    boolean sk() {
        return isSet(sk);
    }

    boolean tcp() {
        return isSet(tcp);
    }

    boolean skb() {
        return isSet(skb);
    }

    boolean sharedInfo() {
        return isSet(sharedInfo);
    }

    /** Events to print before exiting; 0: until Ctrl-C. */
    long limit() {
        return limit.getValue();
    }

    /** The --output-file, or null. */
    Path file() {
        return file.getValue();
    }

    boolean json() {
        return isSet(json);
    }

    TimestampMode timestamp() {
        return timestamp.getValue();
    }

    int ringSize() {
        return ringSize.getValue();
    }
}
