package dev.vista.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real namespaces and veths (needs root); each test makes its own and removes them. */
@Tag("kernel")
class TestbedKernelTest {
    private Testbed bed;
    private VethEnd a;
    private VethEnd b;

    @BeforeEach
    void createTestbed() {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("a", "10.99.0.1/24", "fd00:99::1/64"),
                      VethEndSpec.of("b", "10.99.0.2/24", "fd00:99::2/64"))
                .build();
        a = bed.veth(0).a();
        b = bed.veth(0).b();
    }

    @AfterEach
    void removeTestbed() {
        bed.close();
    }

    @Test
    void describesBothEndsOfTheVeth() {
        assertThat(a.namespace()).isEqualTo(bed.namespace("a"));
        assertThat(a.namespace().name()).matches("vista-a-[0-9a-f]{6}");
        assertThat(a.ifname()).isEqualTo("veth0a");
        assertThat(b.ifname()).isEqualTo("veth0b");
        assertThat(a.ifindex()).isGreaterThan(1); // 1 is lo
        assertThat(a.ipv4().getHostAddress()).isEqualTo("10.99.0.1");
        assertThat(b.ipv6()).isEqualTo(InetAddress.ofLiteral("fd00:99::2"));
        assertThat(bed.namespaces()).extracting(NetworkNamespace::name)
                .containsExactly(a.namespace().name(), b.namespace().name());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void pingCrossesTheVeth(int family) {
        String target = (family == 4 ? b.ipv4() : b.ipv6()).getHostAddress();

        CommandResult ping = a.namespace().exec("ping", "-" + family, "-c1", "-W1", target).orThrow();

        assertThat(ping.stdout()).contains("1 received");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void datagramSentByJavaCodeInOneNamespaceArrivesInTheOther(int family) throws Exception {
        InetAddress target = family == 4 ? b.ipv4() : b.ipv6();
        try (DatagramChannel receiver = b.namespace().call(() -> DatagramChannel.open().bind(new InetSocketAddress(target, 0)))) {
            InetSocketAddress destination = (InetSocketAddress) receiver.getLocalAddress();

            a.namespace().run(() -> {
                try (DatagramChannel sender = DatagramChannel.open()) {
                    sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), destination);
                }
            });

            receiver.socket().setSoTimeout(5_000);
            DatagramPacket packet = new DatagramPacket(new byte[16], 16);
            receiver.socket().receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(packet.getAddress()).isEqualTo(family == 4 ? a.ipv4() : a.ipv6());
        }
    }

    @Test
    void namespacesAreNotTheHostsAndCodeRunsInItsOwn() throws Exception {
        long host = (long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
        NetworkNamespace nsA = a.namespace();

        assertThat(nsA.inode()).isNotEqualTo(host).isNotEqualTo(b.namespace().inode());
        assertThat(nsA.call(() -> Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino")))
                .isEqualTo(nsA.inode());
        assertThat(Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino"))
                .as("the caller's thread stays where it was").isEqualTo(host);
    }

    @Test
    void exceptionsOfTheCodeReachTheCallerUnwrapped() {
        assertThatThrownBy(() -> a.namespace().run(() -> {
            throw new IOException("boom");
        })).isExactlyInstanceOf(IOException.class).hasMessage("boom");
    }

    @Test
    void iptablesRulesApplyInsideTheNamespace() {
        NetworkNamespace nsB = b.namespace();
        nsB.iptables("-A", "INPUT", "-p", "icmp", "-j", "DROP");

        CommandResult ping = a.namespace().exec("ping", "-4", "-c1", "-W1", b.ipv4().getHostAddress());

        assertThat(ping.exitCode()).isNotZero();
        assertThat(nsB.iptables("-L", "INPUT", "-n").stdout()).contains("DROP");
    }

    @Test
    void anIptablesRuleDropsUntilItIsClosedAndOnlyItIsDeleted() {
        NetworkNamespace nsB = b.namespace();
        nsB.iptables("-A", "INPUT", "-p", "tcp", "--dport", "9", "-j", "DROP");
        String ping = "ping -4 -c1 -W1 " + b.ipv4().getHostAddress();

        try (IptablesRule rule = nsB.addIptablesRule("filter", "INPUT", "-p", "icmp", "-j", "DROP")) {
            assertThat(rule.toString()).contains("iptables -t filter -A INPUT -p icmp -j DROP");
            assertThat(a.namespace().exec(ping.split(" ")).exitCode()).as("ping while the rule is in").isNotZero();
        }

        a.namespace().exec(ping.split(" ")).orThrow();
        assertThat(nsB.iptables("-S", "INPUT").stdout()).doesNotContain("icmp").contains("--dport 9");
    }

    @Test
    void anNftTableDropsUntilItIsClosed() {
        NetworkNamespace nsB = b.namespace();
        String ping = "ping -6 -c1 -W1 " + b.ipv6().getHostAddress();

        try (NftTable table = nsB.addNftTable("inet", "vista_test")) {
            table.addChain("input", "type filter hook input priority 0; policy accept;")
                    .addRule("input", "meta l4proto ipv6-icmp icmpv6 type echo-request drop");
            assertThat(a.namespace().exec(ping.split(" ")).exitCode()).as("ping while the table is in").isNotZero();
        }

        a.namespace().exec(ping.split(" ")).orThrow();
        assertThat(nsB.exec("nft", "list", "tables").orThrow().stdout()).doesNotContain("vista_test");
    }

    @Test
    void aClientServerPairHasItsAddressesInTheGivenSubnet() {
        try (ClientServer net = ClientServer.create(97)) {
            assertThat(net.client().ipv4().getHostAddress()).isEqualTo("10.97.1.1");
            assertThat(net.server().ipv6()).isEqualTo(InetAddress.ofLiteral("fd00:97:1::2"));
            assertThat(net.client().namespace().name()).startsWith("vista-client-");
            net.client().namespace().exec("ping", "-c1", "-W1", "10.97.1.2").orThrow();
        }
        assertThatThrownBy(() -> ClientServer.create(256)).hasMessageContaining("subnet 256 is out of range");
    }

    @Test
    void badNftNamesAreRefusedBeforeNftRuns() {
        assertThatThrownBy(() -> b.namespace().addNftTable("inet", "no spaces"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad nftables table name 'no spaces'");
        assertThatThrownBy(() -> b.namespace().addNftTable("ipx", "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use ip, ip6, inet");
    }

    @Test
    void closeRemovesTheNamespacesOnceAndForAll() {
        List<String> names = bed.namespaces().stream().map(NetworkNamespace::name).toList();

        bed.close();
        bed.close();

        assertThat(Commands.check("ip", "netns", "list").stdout()).doesNotContain(names);
        assertThat(bed.namespaces()).allSatisfy(ns -> assertThat(ns.path()).doesNotExist());
    }

    @Test
    void aFailedBuildRemovesWhatItHadCreated() {
        String prefix = "vistafail" + Long.toHexString(System.nanoTime() & 0xffffff);
        VethEndSpec clash = VethEndSpec.of("x", "10.98.1.1/24", "fd00:98:1::1/64").named("same0");

        assertThatThrownBy(() -> Testbed.builder()
                .prefix(prefix)
                .veth(clash, VethEndSpec.of("y", "10.98.1.2/24", "fd00:98:1::2/64"))
                .veth(clash, VethEndSpec.of("z", "10.98.2.2/24", "fd00:98:2::2/64"))
                .build())
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("ip link add name same0");

        assertThat(Commands.check("ip", "netns", "list").stdout()).doesNotContain(prefix);
    }

    @Test
    void aFailingCommandNamesCommandExitCodeStderrAndFix() {
        String ns = a.namespace().name();

        assertThatThrownBy(() -> a.namespace().exec("sh", "-c", "echo broken >&2; exit 3").orThrow())
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("ip netns exec " + ns + " sh -c 'echo broken >&2; exit 3'")
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("stderr: broken")
                .satisfies(e -> assertThat(((CommandException) e).exitCode()).isEqualTo(3));
        assertThatThrownBy(() -> a.namespace().exec("vista-no-such-program").orThrow())
                .hasMessageContaining("exec of \"vista-no-such-program\" failed")
                .hasMessageContaining("hint: is vista-no-such-program installed");
        assertThatThrownBy(() -> a.namespace().iptables("-A", "NO_SUCH_CHAIN", "-j", "DROP"))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("iptables -A NO_SUCH_CHAIN");
    }
}
