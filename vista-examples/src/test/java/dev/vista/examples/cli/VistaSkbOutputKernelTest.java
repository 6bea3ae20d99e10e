package dev.vista.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.netns.ClientServer;
import dev.vista.netns.VethEnd;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --output-skb} and {@code --output-skb-shared-info} for real: the first event of UDP datagrams
 * between namespaces, followed by its structs in the kernel printer's text, or nested in its JSON
 * object (read with jq).
 */
@Tag("kernel")
class VistaSkbOutputKernelTest {
    private static final int PORT = 5226;
    private static final byte[] PAYLOAD = "vista".getBytes(StandardCharsets.US_ASCII);

    private static ClientServer net;
    private static VethEnd client;
    private static VethEnd server;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(224);
        client = net.client();
        server = net.server();
    }

    @AfterAll
    static void removeTestbed() {
        net.close();
    }

    @Test
    void theStructsFollowTheEventLine() throws Exception {
        List<String> lines = run("--output-meta", "--output-skb", "--output-skb-shared-info");

        assertThat(lines.get(0)).contains(" len=");
        int len = Integer.parseInt(lines.get(0).replaceAll(".* len=(\\d+).*", "$1"));
        assertThat(lines.get(1)).isEqualTo("(struct sk_buff){");
        int end = lines.indexOf("}");
        assertThat(lines.subList(1, end)).contains(" .len = (unsigned int)" + len + ",")
                .allSatisfy(line -> assertThat(line).matches(" +.*[,{\\[]|\\(struct sk_buff\\)\\{"));
        assertThat(lines.get(end + 1)).isEqualTo("(struct skb_shared_info){");
        assertThat(lines.getLast()).isEqualTo("}");
    }

    @Test
    void jsonNestsTheStructsWhichJqReads() throws Exception {
        String json = String.join("\n", run("--output-json", "--output-skb", "--output-skb-shared-info"));

        assertThat(Jq.run(".sk_buff.len == .len and (.sk_buff.dev | startswith(\"0xffff\")) "
                + "and .skb_shared_info.dataref.counter >= 1", json)).isEqualTo("true\n");
    }

    /** Runs vista with {@code flags} for the client namespace's UDP to PORT until it printed one event; its lines. */
    private static List<String> run(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--filter-netns", client.namespace().path().toString(), "--filter-protocol", "udp",
                "--filter-port", String.valueOf(PORT), "--output-limit-lines", "1"));
        VistaRun vista = VistaRun.start(args.toArray(String[]::new));
        // Datagrams until vista printed one: it may still be attaching when the first ones leave.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!vista.ended() && System.nanoTime() < deadline) {
            client.namespace().run(() -> {
                try (DatagramChannel channel = DatagramChannel.open()) {
                    channel.send(ByteBuffer.wrap(PAYLOAD), new InetSocketAddress(server.ipv4(), PORT));
                }
            });
            Thread.sleep(100);
        }
        return vista.linesAfterExit(10);
    }
}
