package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad input, missing privileges and every way a tracer can end leave nothing attached in the kernel. */
@Tag("kernel")
class TracerLifecycleKernelTest {

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left behind").isEmpty();
    }

    private static void refused(ThrowingCallable start, String... messageParts) {
        assertThatThrownBy(start).isInstanceOf(InvalidPlanException.class).message().contains(messageParts);
    }

    @Test
    void badInputIsRefusedWithWhatToFixBeforeTheKernelIsTouched() {
        refused(() -> Tracer.builder().traceSkb().filterAddress("10.0.0.300").onEvent(e -> { }).start(),
                "'10.0.0.300' is not an IPv4 or IPv6 address", "such as 10.0.0.1");
        refused(() -> Tracer.builder().traceSkb().filterAddress("example.org"), "host names are not resolved");
        refused(() -> Tracer.builder().traceSkb().filterPort(70000), "port 70000 is out of range", "1 to 65535");
        refused(() -> Tracer.builder().traceSkb().filterPort(0), "port 0 is out of range");
        refused(() -> Tracer.builder().traceSkb().filterNetns(Path.of("/run/netns/does-not-exist")),
                "/run/netns/does-not-exist does not exist", "/proc/PID/ns/net");
        refused(() -> Tracer.builder().traceSkb().filterProtocol("sctp"), "unknown protocol 'sctp'",
                "tcp, udp, icmp, icmp6");
        refused(() -> Tracer.builder().traceSkb().filterIfname("a-name-that-is-too-long"), "1 to 15 characters");
        refused(() -> Tracer.builder().traceSkb().filterSkbMark(-1), "skb mark -1 is out of range");
        refused(() -> Tracer.builder().traceSkb().ringBufferSize(1000), "power of two");
        refused(() -> Tracer.builder().onEvent(e -> { }).start(), "nothing to trace", "traceSkb()");
        refused(() -> Tracer.builder().traceSkb().start(), "no event sink", "onEvent");
        refused(() -> Tracer.builder().traceSkFunctions("tcp_close").onEvent(e -> { }).start(),
                "no sink for socket events", "onSockEvent");
    }

    @Test
    void withoutPrivilegesStartFailsSayingSo() throws Exception {
        // Still uid 0, but with every capability dropped: what a non-root user has.
        Process child = ChildTracer.launch("setpriv", "--bounding-set=-all", "--inh-caps=-all");
        try {
            assertThat(ChildTracer.firstOutputLine(child))
                    .startsWith("PrivilegeException: tracing needs root")
                    .contains("run it as root");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void closeDetachesAndUnloadsEverything() throws Exception {
        Tracer tracer = Tracer.builder().traceSkb().onEvent(e -> { }).start();
        try {
            assertThat(OurBpfPrograms.loaded()).hasSize(tracer.tracepoints().size());
        } finally {
            tracer.close();
        }
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
        tracer.close(); // a second close does nothing
    }

    @Test
    void sigkillOfTheTracingJvmLeavesNothingAttached() throws Exception {
        Process child = ChildTracer.launch();
        try {
            String ready = ChildTracer.firstOutputLine(child);
            assertThat(ready).startsWith(ChildTracer.READY);
            int tracepoints = Integer.parseInt(ready.substring(ChildTracer.READY.length()).trim());
            assertThat(OurBpfPrograms.loaded()).hasSize(tracepoints);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }
}
