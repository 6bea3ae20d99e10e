package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.NetworkNamespace;
import dev.vista.netns.Testbed;
import dev.vista.netns.VethEnd;
import dev.vista.netns.VethEndSpec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code vista skbtracer} where kernel functions can be traced (the VM's kernel): its own probes, with
 * the bridge's functions for a ping that crosses a Linux bridge between two namespaces.
 */
@Tag("kernel-functions")
class SkbtracerVmTest {
    @AutoClose
    private static Testbed bed;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createBridgedNamespaces() {
        bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10.225.1.1/24", "fd00:225:1::1/64"),
                        VethEndSpec.of("bridge", "10.225.8.1/30", "fd00:225:8::1/64").named("brport0"))
                .veth(VethEndSpec.of("server", "10.225.1.2/24", "fd00:225:1::2/64"),
                        VethEndSpec.of("bridge", "10.225.9.1/30", "fd00:225:9::1/64").named("brport1"))
                .build();
        client = bed.veth(0).a();
        server = bed.veth(1).a();
        NetworkNamespace bridge = bed.namespace("bridge");
        bridge.exec("ip", "link", "add", "br0", "type", "bridge").orThrow();
        bridge.exec("ip", "link", "set", "brport0", "master", "br0").orThrow();
        bridge.exec("ip", "link", "set", "brport1", "master", "br0").orThrow();
        bridge.exec("ip", "link", "set", "br0", "up").orThrow();
    }

    @Test
    void aPingAcrossABridgePassesItsFunctions() throws Exception {
        String to = server.ipv4().getHostAddress();
        VistaRun vista = VistaRun.start("skbtracer", "--proto=icmp", "-H", to, "-c", "12")
                .awaitOutput("TRACE_INFO", 120);
        client.namespace().exec("ping", "-c", "2", "-i", "0.2", "-W", "2", to).orThrow();
        String out = vista.outputAfterExit(60);

        assertThat(out).doesNotContain("cannot be traced")
                .contains(":br_handle_frame_finish", ":br_forward", ":__dev_queue_xmit", ":ip_output")
                .contains("I_request:10.225.1.1->" + to);
    }
}
