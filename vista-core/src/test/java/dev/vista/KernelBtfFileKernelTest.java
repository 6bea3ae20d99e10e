package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kernelBtf(file): BTF from a file instead of /sys/kernel/btf/vmlinux, for discovery and CO-RE alike. */
@Tag("kernel")
class KernelBtfFileKernelTest {
    @TempDir
    Path dir;

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    @Test
    void aCopyOfTheKernelsBtfTracesLikeTheOriginal() throws Exception {
        Path copy = Files.copy(Path.of("/sys/kernel/btf/vmlinux"), dir.resolve("vmlinux.btf"));
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (Tracer tracer = Tracer.builder().traceSkb().kernelBtf(copy).filterProtocol(Protocol.ICMP)
                .onEvent(recorder).start()) {
            assertThat(tracer.tracepoints()).contains(Tracepoint.NETIF_RECEIVE_SKB, Tracepoint.KFREE_SKB);
            new ProcessBuilder("ping", "-c", "1", "127.0.0.1").start().waitFor();
            recorder.await("the echo request on lo", e -> e.tracepoint() == Tracepoint.NETIF_RECEIVE_SKB
                    && "lo".equals(e.ifname()) && e.tuple().icmpType() == 8);
        }
    }

    @Test
    void aFileThatIsNotBtfIsRefusedBeforeAnythingLoads() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.btf"), "not BTF at all");
        assertThatThrownBy(() -> Tracer.builder().traceSkb().kernelBtf(junk).onEvent(e -> { }).start())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("kernel BTF file " + junk + " is not usable");
    }

    @Test
    void aMissingFileIsBadInput() {
        assertThatThrownBy(() -> Tracer.builder().kernelBtf(dir.resolve("none")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("does not exist or cannot be read");
    }
}
