package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.Tracepoint;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfKind;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.load.TraceLoader;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.ringbuf.RingEventView;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loading a copy of a loaded program for another target, the way the fentry backend attaches one
 * program to thousands of functions. fentry is refused here, so the copy is of a tp_btf program,
 * retargeted from netif_receive_skb to net_dev_queue: same mechanism, different attach type.
 */
@Tag("kernel")
class ClonedProgramKernelTest {

    @Test
    @SuppressWarnings("try") // the copy only has to stay attached while traffic passes
    void aCopyLoadedForAnotherTracepointDeliversEventsFromThere() throws Exception {
        int netDevQueue = Btf.vmlinux().findType(BtfKind.TYPEDEF, "btf_trace_net_dev_queue").orElseThrow();
        try (BpfObject object = BpfObject.open("vista_clone_test", BpfResources.bytes("skb_tracepoints.bpf.o"))) {
            for (Tracepoint tp : Tracepoint.values()) {
                object.program(TraceLoader.programName(tp)).setAutoload(tp == Tracepoint.NETIF_RECEIVE_SKB);
            }
            object.map(".rodata").initialValue().fill((byte) 0); // no filters
            object.load();
            BpfProgram template = object.program(TraceLoader.programName(Tracepoint.NETIF_RECEIVE_SKB));
            AtomicInteger events = new AtomicInteger();
            try (RingBuffer ring = new RingBuffer(object.map("events").fd(), 8 * 1024 * 1024);
                    ClonedProgram copy = ClonedProgram.load(template.name(), template.instructions(),
                            ClonedProgram.BPF_TRACE_RAW_TP, netDevQueue, 0, "net_dev_queue");
                    Attachment attached = copy.attach()) {
                // Only the copy is attached: every event comes from net_dev_queue (the code still says
                // netif_receive_skb, its template's id). Sending on lo passes net_dev_queue.
                new ProcessBuilder("ping", "-c", "2", "-i", "0.2", "127.0.0.1").start().waitFor();
                ring.drain((data, offset, length) -> {
                    RingEventView view = new RingEventView().wrap(data, offset, length);
                    if (view.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB && view.protocol() == 0x0800) {
                        events.incrementAndGet();
                    }
                });
            }
            assertThat(events.get()).as("events from the copy on net_dev_queue").isGreaterThanOrEqualTo(4);
        }
    }
}
