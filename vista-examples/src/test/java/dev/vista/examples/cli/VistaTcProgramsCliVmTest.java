package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.AttachedProgram;
import dev.vista.netns.TestProgram;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code vista --filter-trace-tc} where fentry on BPF programs works (the VM's kernel): a TC program that
 * drops ICMP on the server's ingress, attached as users attach theirs, is printed at its entry and exit
 * with the verdict and cost in vista's lines, and in JSON as jq reads it.
 */
@Tag("kernel-functions")
class VistaTcProgramsCliVmTest {
    /** Enough lines for an exit even when the first ping's exit came before fexit was attached. */
    private static final int LINES = 6;
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createNamespaces() {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.236.1.1/24", "fd00:236:1::1/64"),
                        VethEndSpec.of("server", "10.236.1.2/24", "fd00:236:1::2/64"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(0).b();
    }

    @Test
    void aTcProgramsDropIsPrintedWithItsVerdictAndCostInLinesAndJson() throws Exception {
        try (AttachedProgram _ = server.attachTc(AttachedProgram.Direction.INGRESS, TestProgram.DROP_ICMP)) {
            List<String> lines = run("--output-tuple");
            assertThat(lines).as("vista's lines").anySatisfy(line -> assertThat(line)
                    .contains("drop_icmp(tc)", "10.236.1.1->10.236.1.2", "exit verdict=TC_ACT_SHOT cost="));
            assertThat(lines).filteredOn(line -> line.contains(" exit verdict="))
                    .allSatisfy(line -> assertThat(line).contains("verdict=TC_ACT_SHOT"));

            String json = String.join("\n", run("--output-json"));
            assertThat(Jq.run("select(.program.phase == \"exit\") | [.program.name, .program.type, "
                    + ".program.verdict, .program.return_value, .program.duration_ns > 0] | @tsv", json).lines()
                    .distinct()).containsExactly("drop_icmp\ttc\tTC_ACT_SHOT\t2\ttrue");
            assertThat(Jq.run("select(.program.phase == \"entry\") | .program | has(\"verdict\")", json).lines()
                    .distinct()).as("entries carry no verdict").containsExactly("false");
        }
    }

    /** Runs vista on the TC program with {@code flags}, pinging until it printed LINES lines; its lines. */
    private static List<String> run(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--filter-trace-tc", "--filter-trace-prog", "^drop_icmp$", "--filter-protocol", "icmp",
                "--output-limit-lines", String.valueOf(LINES)));
        VistaRun vista = VistaRun.start(args.toArray(String[]::new));
        // Pings until vista printed enough: it may still be attaching when the first ones arrive.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!vista.ended() && System.nanoTime() < deadline) {
            client.namespace().exec("ping", "-c", "1", "-W", "1", server.ipv4().getHostAddress());
        }
        return vista.linesAfterExit(10);
    }
}
