package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.ClientServer;
import dev.vista.netns.IptablesRule;
import dev.vista.netns.ThrowingRunnable;
import dev.vista.netns.VethEnd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * skbtracer's documented examples, run as {@code vista skbtracer} on traffic between two namespaces.
 * On this kernel (no kprobes) the mode falls back to the tracepoints and says so in its first line;
 * the VM test does the same on kernel functions.
 */
@Tag("kernel")
class SkbtracerKernelTest {
    private static final Pattern LINE = Pattern.compile(
            "\\[\\d\\d:\\d\\d:\\d\\d] \\[\\d{10}] \\d+ +\\S+ +(?<mac>([0-9a-f]{2}:){5}[0-9a-f]{2}) +(?<len>\\d+) +"
                    + "(?<pkt>\\S+) +(?<skb>[0-9a-f]+)\\.(?<type>\\d):(?<where>\\S+)");

    @AutoClose
    private static ClientServer net;

    @BeforeAll
    static void createNamespaces() {
        net = ClientServer.create(223);
    }

    @Test
    void icmpExampleTracesOnlyTheEchoesWithTheIdAndAddress() throws Exception {
        String server = net.server().ipv4().getHostAddress();
        String out = run(() -> {
            net.client().namespace().exec("ping", "-c", "1", "-W", "2", "-e", "21", server).orThrow();
            net.client().namespace().exec("ping", "-c", "1", "-W", "2", "-e", "22", "-s", "72", server).orThrow();
        }, "--proto=icmp", "-H", server, "--icmpid", "22", "-c", "4");

        List<String> lines = eventLines(out);
        assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line)
                .matches(l -> l.contains("I_request:10.223.1.1->" + server) || l.contains("I_reply:" + server
                        + "->10.223.1.1"), "an echo between the two namespaces"));
        // 72 bytes of payload + 8 of ICMP + 20 of IP: the IP header's length, not the skb's.
        assertThat(lines).allSatisfy(line -> assertThat(field(line, "len")).isEqualTo("100"));
        assertThat(lines).anySatisfy(line -> assertThat(field(line, "mac")).isEqualTo(macOf(net.server())));
        assertThat(out).startsWith("# kernel functions cannot be traced here")
                .contains("TIME       NETWORK_NS   CPU    INTERFACE          DEST_MAC           IP_LEN PKT_INFO")
                .endsWith("\n4 event(s) received\n0 event(s) lost (e.g. small buffer, delays in processing)\n");
    }

    @Test
    void tcpExampleShowsTheHandshakeFlagsOnThePort() throws Exception {
        String server = net.server().ipv4().getHostAddress();
        String out = run(() -> {
            try (ServerSocketChannel listener = net.server().namespace().call(() -> ServerSocketChannel.open()
                    .bind(new InetSocketAddress(net.server().ipv4(), 22)));
                    SocketChannel connection = net.client().namespace().call(() -> SocketChannel.open(
                            new InetSocketAddress(net.server().ipv4(), 22)));
                    SocketChannel accepted = listener.accept()) {
                assertThat(connection.isConnected() && accepted.isConnected()).isTrue();
            }
        }, "--proto=tcp", "-H", server, "-P", "22", "-c", "6");

        assertThat(eventLines(out)).extracting(line -> field(line, "pkt")).first().asString()
                .matches("T_SYN:10\\.223\\.1\\.1:\\d+->10\\.223\\.1\\.2:22");
        assertThat(eventLines(out)).extracting(line -> field(line, "pkt"))
                .anySatisfy(pkt -> assertThat(pkt).matches("T_ACK,SYN:10\\.223\\.1\\.2:22->10\\.223\\.1\\.1:\\d+"));
    }

    @Test
    void catchCountStopsAfterThatManyEvents() throws Exception {
        String server = net.server().ipv4().getHostAddress();
        String out = run(() -> net.client().namespace().exec("ping", "-c", "5", "-i", "0.2", "-W", "2", server)
                .orThrow(), "-H", server, "-c", "10");

        assertThat(eventLines(out)).hasSize(10);
        assertThat(out).contains("\n10 event(s) received\n");
    }

    @Test
    @SuppressWarnings("try") // the DROP rule only has to exist while the datagram is sent
    void iptableWithNorouteShowsOnlyTheVerdictsAsSkbtracerDid() throws Exception {
        String server = net.server().ipv4().getHostAddress();
        long serverNetns = (Long) Files.getAttribute(net.server().namespace().path(), "unix:ino");
        try (IptablesRule drop = net.server().namespace().addIptablesRule("filter", "INPUT", "-p", "udp", "--dport",
                "7777", "-j", "DROP")) {
            String out = run(() -> net.client().namespace().run(() -> {
                try (DatagramChannel channel = DatagramChannel.open()) {
                    channel.send(ByteBuffer.wrap("to a dropped port".getBytes(StandardCharsets.US_ASCII)),
                            new InetSocketAddress(net.server().ipv4(), 7777));
                }
            }), "--iptable", "--noroute", "-N", Long.toString(serverNetns), "--proto=udp", "-P", "7777", "-c", "1");

            assertThat(eventLinesOf(out)).singleElement().asString()
                    .startsWith("[").contains("[" + serverNetns + "] ")
                    .contains(" U:10.223.1.1:", "->" + server + ":7777 ")
                    .containsPattern("[0-9a-f]+\\.0:2\\.filter\\.INPUT\\.DROP netfilter$");
        }
    }

    @Test
    void norouteAloneIsRefusedSayingWhatToAdd() {
        StringWriter err = new StringWriter();
        var cli = VistaCommand.commandLine(new StopRequest());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("skbtracer", "--noroute")).isEqualTo(VistaCommand.BAD_INPUT);
        assertThat(err.toString())
                .isEqualTo("vista: --noroute without --iptable leaves nothing to trace: add --iptable\n");
    }

    /** The table's lines after its header (those of every kind of event). */
    private static List<String> eventLinesOf(String out) {
        List<String> lines = out.lines().toList();
        return lines.subList(lines.indexOf(lines.stream().filter(l -> l.startsWith("TIME ")).findFirst().orElseThrow())
                + 1, lines.indexOf(""));
    }

    /** Runs {@code vista skbtracer flags} until it ends; {@code traffic} runs once its table's header is out. */
    private static String run(ThrowingRunnable traffic, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("skbtracer"));
        args.addAll(Arrays.asList(flags));
        VistaRun vista = VistaRun.start(args.toArray(String[]::new)).awaitOutput("TRACE_INFO", 30);
        traffic.run();
        return vista.outputAfterExit(30);
    }

    private static List<String> eventLines(String out) {
        return out.lines().filter(line -> LINE.matcher(line).find()).toList();
    }

    private static String field(String line, String group) {
        var matcher = LINE.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(group);
    }

    private static String macOf(VethEnd end) {
        return end.namespace().exec("cat", "/sys/class/net/" + end.ifname() + "/address").orThrow().stdout().strip();
    }
}
