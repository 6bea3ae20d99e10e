package dev.vista.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.DropReason;
import dev.vista.examples.output.TraceSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The demo for real: it needs root and a kernel with BTF, and must leave nothing behind. */
@Tag("kernel")
class DemoKernelTest {
    @Test
    void seesBothDropsAndLeavesNoProgramOrNamespaceBehind() throws Exception {
        List<String> namespacesBefore = demoNamespaces();
        StringWriter printed = new StringWriter();

        TraceSummary summary = new Demo(new PrintWriter(printed), () -> false).run();

        assertThat(summary.dropsByReason()).containsKeys(DropReason.NO_SOCKET, DropReason.NETFILTER_DROP);
        assertThat(summary.stats().lost()).isZero();
        assertThat(printed.toString())
                .startsWith("            SKB/SK    CPU          PROCESS                     FUNC\n")
                .contains("kfree_skb(SKB_DROP_REASON_NO_SOCKET)", "kfree_skb(SKB_DROP_REASON_NETFILTER_DROP)",
                        "(icmp request id=", "(tcp)", "(udp)")
                .containsPattern("netfilter .*:6666\\(udp\\) pf=PF_INET table=filter chain=INPUT hook=INPUT "
                        + "verdict=DROP cost=\\d+\\.\\d+(µs|ms)");
        assertThat(awaitNoVistaPrograms()).as("vista BPF programs still loaded").isEmpty();
        assertThat(demoNamespaces()).as("demo namespaces left").isSubsetOf(namespacesBefore);
    }

    private static List<String> demoNamespaces() throws IOException, InterruptedException {
        return run("ip", "netns", "list").lines().filter(line -> line.startsWith(Demo.NAMESPACE_PREFIX + "-")).toList();
    }

    /** The kernel frees programs asynchronously after their last link and fd are closed: wait a little. */
    private static List<String> awaitNoVistaPrograms() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> loaded = vistaPrograms();
        while (!loaded.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            loaded = vistaPrograms();
        }
        return loaded;
    }

    private static List<String> vistaPrograms() throws IOException, InterruptedException {
        return run("bpftool", "prog", "show").lines().filter(line -> line.contains(" name vista_")).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
