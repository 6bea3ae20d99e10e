package dev.vista.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceEventTest {

    private static TraceEvent functionEvent(String function, List<StackFrame> stack) {
        return new TraceEvent(0, 0, 0, 1, "ping", EventSource.SKB_FUNCTION, 0xffff888100000000L, null, function, null,
                1L, 0, 2, "eth0", 84, 1500, 0x0800, 0, null, null, stack);
    }

    private static List<StackFrame> frames(String... symbols) {
        return Arrays.stream(symbols).map(s -> new StackFrame(0, s)).toList();
    }

    @Test
    void theCallerOfAKprobedFunctionIsTheFrameAfterIt() {
        TraceEvent event = functionEvent("ip_rcv", frames("ip_rcv+0x0", "__netif_receive_skb_one_core+0x8d",
                "process_backlog+0x83"));
        assertThat(event.caller()).isEqualTo("__netif_receive_skb_one_core+0x8d");
    }

    @Test
    void anFentryStackStartsInTheTrampolineAndStillFindsTheCaller() {
        TraceEvent event = functionEvent("ip_rcv", frames("bpf_prog_6deef7357e7b4530_vista_fentry_skb+0x5f",
                "bpf_trampoline_6442508829+0x47", "ip_rcv+0x5", "__netif_receive_skb_one_core+0x8d"));
        assertThat(event.caller()).isEqualTo("__netif_receive_skb_one_core+0x8d");
    }

    @Test
    void aPrefixOfAnotherFunctionsNameIsNotTheFunction() {
        TraceEvent event = functionEvent("ip_rcv", frames("ip_rcv_core+0x10", "ip_rcv+0x0", "caller+0x1"));
        assertThat(event.caller()).isEqualTo("caller+0x1");
    }

    @Test
    void noStackOrNoFunctionMeansNoCaller() {
        assertThat(functionEvent("ip_rcv", List.of()).caller()).isNull();
        assertThat(functionEvent(null, frames("ip_rcv+0x0", "x+0x1")).caller()).isNull();
        assertThat(functionEvent("ip_rcv", frames("other+0x0", "x+0x1")).caller()).isNull();
    }
}
