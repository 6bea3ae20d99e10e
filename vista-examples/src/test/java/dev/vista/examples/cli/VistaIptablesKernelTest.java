package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** vista's iptables flags for real: a DROP rule in a server namespace, the line (or JSON object) vista prints for it. */
@Tag("kernel")
class VistaIptablesKernelTest {
    private static final int DROPPED_PORT = 6680;
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        bed = Testbed.builder().veth(VethEndSpec.of("client", "10.228.1.1/24", "fd00:228:1::1/64"),
                VethEndSpec.of("server", "10.228.1.2/24", "fd00:228:1::2/64")).build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
        server.namespace().iptables("-A", "INPUT", "-p", "udp", "--dport", String.valueOf(DROPPED_PORT), "-j", "DROP")
                .orThrow();
    }

    @Test
    void aDropIsPrintedWithItsTableHookVerdictAndCost() throws Exception {
        String line = firstLine("--output-iptables", "--output-tuple");

        assertThat(line).contains(" netfilter ", "10.228.1.1:", "->10.228.1.2:6680(udp)")
                .containsPattern(" pf=PF_INET table=filter chain=INPUT hook=INPUT verdict=DROP cost=\\d+\\.\\d+(µs|ms)$");
    }

    @Test
    void asJsonTheDropIsANetfilterObjectJqReads() throws Exception {
        String line = firstLine("--filter-trace-iptables", "--output-json");

        Process jq = new ProcessBuilder("jq", "-e", ".kind == \"netfilter\" and .pf == \"PF_INET\" and .table == "
                + "\"filter\" and .chain == \"INPUT\" and .hook == \"INPUT\" and .verdict == \"DROP\" and .cost_ns > 0 "
                + "and .way == \"netfilter_link\" and .drop_reason == \"NETFILTER_DROP\" and .tuple.dport == "
                + DROPPED_PORT).redirectErrorStream(true).start();
        jq.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
        jq.getOutputStream().close();
        String verdict = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(jq.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(verdict).as("jq on %s", line).isEqualTo("true");
        assertThat(jq.exitValue()).isZero();
    }

    /** Runs vista in the server's namespace with {@code flags} until it printed one event, sending dropped datagrams. */
    private static String firstLine(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--filter-netns", server.namespace().path().toString(), "--filter-port",
                String.valueOf(DROPPED_PORT), "--output-limit-lines", "1"));
        VistaRun vista = VistaRun.start(args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // Datagrams until vista has printed one verdict: it may not be attached when the first ones go.
        while (!vista.ended() && System.nanoTime() < deadline) {
            client.namespace().run(() -> {
                try (DatagramChannel socket = DatagramChannel.open()) {
                    socket.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(server.ipv4(), DROPPED_PORT));
                }
            });
            Thread.sleep(100);
        }
        return vista.linesAfterExit(5).getFirst();
    }
}
