package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.TraceEvent;
import dev.vista.internal.btf.CoreTargetBtf;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernelIndexCache(dir): a start on kernel functions keeps the indexes it made of the kernel's BTF (and a module's)
 * and of ftrace's list, and its object's CO-RE target, and the next start reads them back and traces the same
 * functions. Needs kprobe-multi: run in the VM (scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class KernelIndexCacheVmTest {
    /** Its veth pair also loads the veth module, whose BTF is split BTF on the kernel's. */
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;
    @TempDir
    Path dir;

    @BeforeAll
    static void createTestbed() throws Exception {
        bed = Testbed.builder().veth(VethEndSpec.of("client", "10.203.7.1/24", "fd00:203:7::1/64"),
                VethEndSpec.of("server", "10.203.7.2/24", "fd00:203:7::2/64")).build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
    }

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).isEmpty();
    }

    @Test
    void aSecondStartReadsTheIndexesTheFirstMadeAndTracesTheSameFunctions() throws Exception {
        Path cache = dir.resolve("kernel-indexes");
        int first = traceOnePing(cache);
        List<String> made = files(cache);
        assertThat(made).as("the kernel's and veth's types, the functions taking an skb in each, ftrace's list, "
                + "the kprobe-multi object's CO-RE target")
                .hasSize(6)
                .filteredOn(name -> name.startsWith("btf-types-")).hasSize(2);
        assertThat(made).filteredOn(name -> name.startsWith("btf-args-sk_buff-5-")).hasSize(2);
        assertThat(made).filteredOn(name -> name.startsWith("ftrace-functions-")).hasSize(1);
        assertThat(made).filteredOn(name -> name.startsWith("core-target-v" + CoreTargetBtf.VERSION
                + "-vista_kprobe_multi_functions-")).hasSize(1);
        Map<String, Long> written = made.stream().collect(Collectors.toMap(name -> name, this::modified));

        int second = traceOnePing(cache);

        assertThat(second).isEqualTo(first).as("ip_rcv and veth_xmit at least").isGreaterThanOrEqualTo(2);
        assertThat(files(cache)).isEqualTo(made);
        assertThat(made).as("read back, not written again").allSatisfy(name ->
                assertThat(modified(name)).isEqualTo(written.get(name)));
    }

    /** Traces ip_rcv* and veth's functions taking an skb, with {@code cache}; how many functions it attached to. */
    private static int traceOnePing(Path cache) throws Exception {
        EventRecorder<TraceEvent> recorder = new EventRecorder<>();
        try (Tracer tracer = Tracer.builder().traceSkbFunctions("ip_rcv.*|veth_.*").kernelModules("veth")
                .backend(Backend.KPROBE_MULTI).kernelIndexCache(cache).filterNetns(server.namespace().inode())
                .filterProtocol(Protocol.ICMP).onEvent(recorder).start()) {
            client.namespace().exec("ping", "-c", "1", "-W", "2", server.ipv4().getHostAddress()).orThrow();
            recorder.await("ip_rcv of the echo request", e -> "ip_rcv".equals(e.function()));
            return tracer.functionCount();
        }
    }

    private static List<String> files(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private long modified(String name) {
        try {
            return Files.getLastModifiedTime(dir.resolve("kernel-indexes").resolve(name)).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
