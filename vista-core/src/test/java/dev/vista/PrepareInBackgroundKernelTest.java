package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.kernel.KernelPreparation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** prepareInBackground(): the next start() takes the prepared bindings and BTF, and traces as without them. */
@Tag("kernel")
class PrepareInBackgroundKernelTest {
    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        KernelPreparation.take();
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    @Test
    void theNextStartTakesThePreparationAndTraces() throws Exception {
        Tracer.prepareInBackground();
        Tracer.prepareInBackground(); // while one waits, a second call adds nothing

        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (Tracer tracer = Tracer.builder().traceSkb().filterProtocol(Protocol.ICMP).onEvent(recorder).start()) {
            assertThat(KernelPreparation.take()).as("taken by start()").isNull();
            assertThat(tracer.tracepoints()).contains(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB);
            new ProcessBuilder("ping", "-c", "1", "127.0.0.1").start().waitFor();
            recorder.await("the echo request on lo", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB
                    && "lo".equals(e.ifname()) && e.tuple().icmpType() == 8);
        }
    }
}
