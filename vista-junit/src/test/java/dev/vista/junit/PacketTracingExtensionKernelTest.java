package dev.vista.junit;

import static dev.vista.assertj.PacketSpec.udp;
import static dev.vista.assertj.VistaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kernel.BackendProbe;
import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.TestAbortedException;

/**
 * The extension's life cycle, checked by running small test classes (the nested "Case" classes, which Surefire
 * does not run by themselves) with JUnit's test kit: a tracer per test or per class, closed after the test
 * also when it failed, and tests aborted, not failed, where the host cannot trace.
 */
@Tag("kernel")
class PacketTracingExtensionKernelTest {
    @AutoClose
    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(212);
        client = net.client();
        server = net.server();
    }

    private List<String> loadedBefore;

    @BeforeEach
    void notePrograms() throws Exception {
        loadedBefore = loadedVistaPrograms(false);
    }

    @AfterEach
    void nothingIsLeftAttached() throws Exception {
        assertThat(loadedVistaPrograms(true)).as("vista BPF programs still loaded after the run")
                .isSubsetOf(loadedBefore);
    }

    @Test
    void eachTestGetsItsOwnTracerClosedAfterItAlsoWhenItFailed() {
        Events tests = run(PerTestCase.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        tests.assertThatEvents().haveExactly(1, event(test("failsAfterTracing"),
                finishedWithFailure(instanceOf(AssertionError.class), message("failing on purpose"))));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getSuppressed()).as("the packets traced, attached to the failure").singleElement()
                .satisfies(report -> assertThat(report.getMessage())
                        .startsWith("packets traced during this test (")
                        .containsPattern("kfree_skb +netns " + server.namespace().name() + " .*DROPPED: NO_SOCKET"));
    }

    @Test
    void aClassWideTracerGivesEachTestOnlyItsOwnEvents() {
        Events tests = run(PerClassCase.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void aPacketTraceParameterWithoutTracePacketsFailsSayingWhatToAdd() {
        Events tests = run(UnannotatedCase.class);

        tests.assertThatEvents().haveExactly(1, event(test("wantsATrace"), finishedWithFailure(message(m ->
                m.contains("annotate the test method or its class with @TracePackets")))));
    }

    @Test
    void withoutPrivilegesTheTestIsAbortedWithTheReason() throws Exception {
        // Still uid 0, but with every capability dropped: what a non-root user has.
        String output = CaseInChildJvm.run(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"), List.of(),
                UnprivilegedCase.class);

        assertThat(output).as("the child's report").contains(CaseInChildJvm.ABORTED
                + TestAbortedException.class.getName() + ": this host cannot trace packets for needsTracing(PacketTrace)"
                + ": tracing needs root (CAP_SYS_ADMIN) or CAP_BPF with CAP_PERFMON");
    }

    @Test
    void withoutLibbpfTheTestIsAbortedWithTheReason() throws Exception {
        String output = CaseInChildJvm.run(List.of(), List.of("-Dvista.libbpf=libvista-missing.so.1"),
                UnprivilegedCase.class);

        assertThat(output).as("the child's report").contains(CaseInChildJvm.ABORTED
                + TestAbortedException.class.getName() + ": this host cannot trace packets for needsTracing(PacketTrace)"
                + ": libbpf could not be loaded, tried libvista-missing.so.1: ", "apt-get install libbpf1");
    }

    @Test
    void withoutLibpcapATestWithAFilterIsAbortedWithTheReason() throws Exception {
        String output = CaseInChildJvm.run(List.of(), List.of("-Dvista.libpcap=libvista-missing-pcap.so"),
                PcapFilterCase.class);

        assertThat(output).as("the child's report").contains(CaseInChildJvm.ABORTED
                + TestAbortedException.class.getName() + ": this host cannot trace packets for needsAFilter(PacketTrace)"
                + ": libpcap could not be loaded, tried libvista-missing-pcap.so: ", "apt-get install libpcap0.8");
    }

    @Test
    void testsTracingKernelFunctionsAreAbortedWhereNoBackendWorks() {
        // Our host kernel has neither kprobes nor fentry (the VM has them): the outcome follows the kernel.
        boolean someBackendWorks = BackendProbe.fastest(new BackendProbe("ip_rcv", KernelSymbols::load).probeAll()) != null;

        Events tests = run(FunctionsCase.class);

        if (someBackendWorks) {
            tests.assertStatistics(stats -> stats.started(1).succeeded(1));
        } else {
            tests.assertThatEvents().haveExactly(1, event(test("tracesFunctions"), abortedWithReason(
                    instanceOf(TestAbortedException.class), message(m -> m.startsWith("this host cannot trace packets for "
                            + "tracesFunctions(PacketTrace): no kernel-function backend works on this kernel: ")))));
        }
    }

    @Test
    void badSettingsFailTheTestInsteadOfAbortingIt() {
        Events tests = run(BadSettingsCase.class);

        tests.assertThatEvents().haveExactly(1, event(test("badProtocol"),
                finishedWithFailure(message(m -> m.contains("unknown protocol 'udpx'")))));
        assertThat(tests.aborted().count()).isZero();
    }

    /** Runs a case class and returns its tests' events. */
    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    static void send(int port) throws Exception {
        client.namespace().run(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.send(ByteBuffer.wrap("vista".getBytes()), new InetSocketAddress(server.ipv4(), port));
            }
        });
    }

    /** Our programs (named vista_*) the kernel has loaded; {@code settle}: wait (bounded) for those freed lazily. */
    private List<String> loadedVistaPrograms(boolean settle) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Process bpftool = new ProcessBuilder("bpftool", "prog", "show").redirectErrorStream(true).start();
            List<String> ours = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(" name vista_")).toList();
            bpftool.waitFor();
            // the kernel frees programs asynchronously after their last fd is closed
            if (!settle || loadedBefore.containsAll(ours) || System.nanoTime() > deadline) {
                return ours;
            }
            Thread.sleep(100);
        }
    }

    @TracePackets(protocol = "udp", port = 7101)
    static class PerTestCase {
        @Test
        void seesItsDatagramDropped(PacketTrace trace) throws Exception {
            send(7101);
            assertThat(trace).packet(udp().to(server.ipv4(), 7101)).wasDropped().withReason("NO_SOCKET");
        }

        @Test
        void failsAfterTracing(PacketTrace trace) throws Exception {
            send(7101);
            assertThat(trace).packet(udp().toPort(7101)).wasDropped();
            throw new AssertionError("failing on purpose");
        }
    }

    @TracePackets(protocol = "udp", scope = TracePackets.Scope.CLASS)
    static class PerClassCase {
        @Test
        void first(PacketTrace trace) throws Exception {
            send(7201);
            assertThat(trace).packet(udp().toPort(7201)).wasDropped();
            assertThat(trace.events()).allSatisfy(e -> assertThat(e.tuple().destinationPort()).isEqualTo(7201));
        }

        @Test
        void second(PacketTrace trace) throws Exception {
            send(7202);
            assertThat(trace).packet(udp().toPort(7202)).wasDropped();
            assertThat(trace.events()).allSatisfy(e -> assertThat(e.tuple().destinationPort()).isEqualTo(7202));
        }
    }

    @ExtendWith(PacketTracingExtension.class)
    static class UnannotatedCase {
        @Test
        void wantsATrace(PacketTrace trace) {
        }
    }

    static class FunctionsCase {
        @Test
        @TracePackets(functions = "ip_rcv")
        void tracesFunctions(PacketTrace trace) {
            assertThat(trace.plan().sources().functions()).isNotNull();
        }
    }

    static class BadSettingsCase {
        @Test
        @TracePackets(protocol = "udpx")
        void badProtocol(PacketTrace trace) {
        }
    }

    /** The case run by a child JVM without privileges. */
    static class UnprivilegedCase {
        @Test
        @TracePackets
        void needsTracing(PacketTrace trace) {
        }
    }

    static class PcapFilterCase {
        @Test
        @TracePackets(filter = "udp port 53")
        void needsAFilter(PacketTrace trace) {
        }
    }
}
