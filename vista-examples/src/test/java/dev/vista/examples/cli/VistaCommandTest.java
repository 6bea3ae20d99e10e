package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Output;
import dev.vista.TracePlan;
import dev.vista.event.CapturedPacket;
import dev.vista.event.EventSource;
import dev.vista.event.PacketProgramType;
import dev.vista.event.PacketStart;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.ProgramVerdict;
import dev.vista.event.TraceEvent;
import dev.vista.pcap.PcapngSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line up to the point where tracing would start: none of these touches the kernel. */
class VistaCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--output-percpu-buffer 1            | --output-percpu-buffer",
        "--ready-file ready                  | --ready-file",
        "--ready-file ready demo             | --ready-file",
    })
    void unsupportedVistaFlagsFailWithExitCode2NamingTheFlag(String args, String flag) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("vista: " + flag + " is not supported yet\n");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void mainAnswersTheVersionAsPicocliWouldWithoutParsing(String flag) {
        assertThat(run(flag)).isZero();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            VistaCommand.main(new String[] {flag});
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(out.toString())
                .isEqualTo("vista for Java 0.1.0\n");
    }

    /** The plan the command would trace with, from its flags alone. */
    private static TracePlan plan(String... args) {
        CommandLine cli = VistaCommand.commandLine(new StopRequest());
        cli.parseArgs(args);
        return cli.<VistaCommand>getCommand().tracerBuilder().build();
    }

    @Test
    void theIptablesFlagsTraceNetfilterAloneUnlessSkbsAreAskedFor() {
        assertThat(plan("--filter-trace-iptables").sources().traceNetfilter()).isTrue();
        assertThat(plan("--filter-trace-iptables").sources().traceTracepoints()).isFalse();
        assertThat(plan("--output-iptables").sources().traceNetfilter()).isTrue();
        assertThat(plan("--output-iptables", "--filter-trace-skb").sources().traceTracepoints()).isTrue();
        assertThat(plan("--output-meta").sources().traceNetfilter()).isFalse();
    }

    @Test
    void aPcapFileInAMissingDirectoryFailsBeforeTracing() {
        assertThat(run("--pcap-file", "/nonexistent-vista-dir/out.pcapng")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "vista: cannot write --pcap-file /nonexistent-vista-dir/out.pcapng: its directory does not exist\n");
    }

    @Test
    void pcapModeExitWithoutTcOrXdpProgramsIsRefusedSayingWhereItApplies() {
        assertThat(run("--pcap-file", "out.pcapng", "--pcap-mode", "entry,exit")).isEqualTo(1);
        assertThat(err.toString()).startsWith("vista: --pcap-mode exit writes the packets as TC/XDP programs leave "
                + "them: add --filter-trace-tc or --filter-trace-xdp").contains("use --pcap-mode entry");
    }

    @Test
    void anUnknownPcapModeIsRefusedNamingTheValidOnes() {
        assertThat(run("--pcap-file", "out.pcapng", "--pcap-mode", "entry,return")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vista: --pcap-mode 'return' is not valid: give entry, exit or "
                + "entry,exit\n");
    }

    @Test
    void pcapModeExitWithProgramsWritesTheirExitsOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exits.pcapng");
        CommandLine cli = VistaCommand.commandLine(new StopRequest());
        cli.parseArgs("--filter-trace-xdp", "--pcap-file", file.toString(), "--pcap-mode", "exit");
        VistaCommand command = cli.getCommand();
        assertThat(command.tracerBuilder().build().outputs().snaplen()).isEqualTo(256);

        try (PcapngSink sink = command.pcap.open()) {
            CapturedPacket frame = new CapturedPacket(PacketStart.LINK_LAYER, 14, new byte[14]);
            for (ProgramPhase phase : ProgramPhase.values()) {
                ProgramVerdict verdict = phase == ProgramPhase.EXIT ? ProgramVerdict.of(PacketProgramType.XDP, 1)
                        : null;
                sink.accept(TraceEvent.builder().source(EventSource.XDP_PROGRAM).packet(frame).program(
                        new ProgramCall(7, PacketProgramType.XDP, "xdp_lb", phase, verdict, 0)).build());
            }
            assertThat(sink.packets()).as("the exit").isEqualTo(1);
            assertThat(sink.eventsOutsideModes()).as("the entry").isEqualTo(1);
        }
    }

    @Test
    void aSnaplenOutOfRangeIsRefused() {
        assertThat(run("--pcap-file", "out.pcapng", "--pcap-snaplen", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vista: snaplen 0 is out of range: give 1 to 8192 bytes per packet\n");
    }

    @Test
    void packetCaptureIsAskedForWithThePcapFileOnlyAt256BytesUnlessGiven() {
        assertThat(plan("--pcap-file", "out.pcapng").outputs().snaplen()).isEqualTo(256);
        assertThat(plan("--pcap-file", "-", "--pcap-snaplen", "1500").outputs().snaplen()).isEqualTo(1500);
        assertThat(plan("--pcap-snaplen", "1500").outputs().snaplen()).isZero();
    }

    @Test
    void theRingIs32MiBUnlessGiven() {
        assertThat(plan("--output-meta").ringBufferBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(plan("--ring-size", "1048576").ringBufferBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void aPcapFilterWithASyntaxErrorFailsWithLibpcapsMessage() {
        // The trailing arguments are one expression, compiled before anything touches the kernel.
        assertThat(run("--output-meta", "tcp", "and", "prot", "80")).isEqualTo(1);
        assertThat(err.toString()).startsWith("vista: pcap-filter expression 'tcp and prot 80': ")
                .contains("syntax error").hasLineCount(1);
    }

    @Test
    void outputSkbAndSharedInfoSelectTheRawStructs() {
        assertThat(plan("--output-skb").outputs().has(Output.SKB)).isTrue();
        assertThat(plan("--output-skb").outputs().has(Output.SHINFO)).isFalse();
        assertThat(plan("--output-skb-shared-info").outputs().has(Output.SHINFO)).isTrue();
        assertThat(plan().outputs().has(Output.SKB)).isFalse();
    }

    @Test
    void theTcAndXdpFlagsTraceThoseProgramsAloneNarrowedByName() {
        Map<PacketProgramType, Pattern> both = plan("--filter-trace-tc", "--filter-trace-xdp", "--filter-trace-prog",
                "^cil_").sources().programs();
        assertThat(both).containsOnlyKeys(PacketProgramType.TC, PacketProgramType.XDP);
        assertThat(both.values()).extracting(Pattern::pattern).containsOnly("^cil_");
        assertThat(plan("--filter-trace-xdp").sources().programs()).containsOnlyKeys(PacketProgramType.XDP);
        assertThat(plan("--filter-trace-tc").sources().traceTracepoints()).isFalse();
        assertThat(plan("--filter-trace-tc", "--filter-trace-skb").sources().traceTracepoints()).isTrue();
        assertThat(plan("--filter-trace-tc=false").sources().programs()).isEmpty();
        assertThat(plan("--filter-trace-tc=false").sources().traceTracepoints()).isTrue();
    }

    @Test
    void aProgramNameFilterWithoutTcOrXdpOrNotARegexFailsWithExitCode1() {
        assertThat(run("--filter-trace-prog", "cil_")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vista: --filter-trace-prog selects TC/XDP programs: add "
                + "--filter-trace-tc or --filter-trace-xdp\n");
        err.getBuffer().setLength(0);
        assertThat(run("--filter-trace-tc", "--filter-trace-prog", "cil_(")).isEqualTo(1);
        assertThat(err.toString()).startsWith("vista: program name filter 'cil_(' is not a valid regular expression");
    }

    @Test
    void aPortOutOfRangeFailsWithExitCode1AndOneLine() {
        assertThat(run("--filter-port", "70000")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vista: port 70000 is out of range: give a port from 1 to 65535\n");
    }

    @Test
    void aPortThatIsNotANumberFailsWithExitCode1() {
        assertThat(run("--filter-port", "http")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("vista: Invalid value for option '--filter-port': 'http' is not an int\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--filter-netns=ns1              | vista: netns 'ns1' is not valid",
        "--filter-netns=inode:x          | vista: netns 'inode:x' is not valid",
        "--filter-netns=/run/netns/none-such-vista-test | vista: network namespace file /run/netns/none-such-vista-test does not exist",
        "--filter-addr=10.0.0.300        | vista: address '10.0.0.300' is not an IPv4 or IPv6 address",
        "--filter-protocol=sctp          | vista: unknown protocol 'sctp'",
        "--filter-skb-mark=0x1ffffffff   | vista: skb mark 8589934591 is out of range",
        "--filter-skb-mark=mark          | vista: Invalid value for option '--filter-skb-mark': 'mark' is not a number",
        "--ring-size=1000                | vista: ring buffer size 1000 is not valid",
        "--timestamp=sometimes           | vista: Invalid value for option '--timestamp'",
        "--output-limit-lines=-1         | vista: event limit -1 is negative",
        "--output-file=/nonexistent-vista-dir/out.txt | vista: cannot write --output-file /nonexistent-vista-dir/out.txt: its directory does not exist",
        "--filter-skb-func=ip_(rcv       | vista: function filter 'ip_(rcv' is not a valid regular expression",
        "--kprobe-backend=uprobe         | vista: unknown backend 'uprobe': use auto, kprobe-multi, fentry or kprobe",
        "--filter-sk-func=tcp_(          | vista: function filter 'tcp_(' is not a valid regular expression",
        "--kernel-btf=/no/such/btf       | vista: kernel BTF file /no/such/btf does not exist or cannot be read",
        "--filter-kprobe-batch=0         | vista: kprobe batch 0 is out of range",
        "--filter-sk-mark=0x1ffffffff    | vista: sk mark 8589934591 is out of range",
        "--filter-pid=0                  | vista: pid 0 is not valid",
        "--filter-comm=a-name-longer-than-15 | vista: command name 'a-name-longer-than-15' is not valid",
        "--filter-icmp-id=70000          | vista: ICMP id 70000 is out of range",
        "--filter-tcp-lifetime=soon      | vista: Invalid value for option '--filter-tcp-lifetime': 'soon' is not a duration",
        "--filter-tcp-lifetime=-1s       | vista: Invalid value for option '--filter-tcp-lifetime': '-1s' is not a duration",
    })
    void badValuesFailWithExitCode1AndOneLine(String arg, String message) {
        assertThat(run(arg)).isEqualTo(1);
        assertThat(err.toString()).startsWith(message).hasLineCount(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-flag", "--filter-port", "demo --filter-port=1", "tcpw", "tcpw -U"})
    void aMalformedCommandLineFailsWithExitCode2(String args) {
        assertThat(run(args.split(" "))).isEqualTo(2);
        assertThat(err.toString()).startsWith("vista: ").contains("Try 'vista --help'");
    }

    @Test
    void helpNamesTheUnsupportedFlagsAndExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--filter-port=PORT", "demo", "not supported yet", "--ready-file",
                "Exit codes");
    }
}
