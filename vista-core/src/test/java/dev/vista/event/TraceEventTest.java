package dev.vista.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceEventTest {

    private static TraceEvent functionEvent(String function, List<StackFrame> stack) {
        return TraceEvent.builder().pid(1).comm("ping").source(EventSource.SKB_FUNCTION).skb(0xffff888100000000L)
                .function(function).netns(1L).ifindex(2).ifname("eth0").len(84).mtu(1500).protocol(0x0800)
                .stack(stack).build();
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

    @Test
    void aCopyWithOneFieldChangedDiffersOnlyThereAndTheStackCannotBeChangedAfterwards() {
        List<StackFrame> frames = new ArrayList<>(frames("ip_rcv+0x0", "caller+0x1"));
        TraceEvent event = functionEvent("ip_rcv", frames);
        frames.clear();
        assertThat(event.stack()).hasSize(2);
        assertThat(event.toBuilder().build()).isEqualTo(event).hasSameHashCodeAs(event);
        TraceEvent marked = event.toBuilder().mark(0x2a).build();
        assertThat(marked).isNotEqualTo(event);
        assertThat(marked.mark()).isEqualTo(0x2a);
        assertThat(marked.toBuilder().mark(event.mark()).build()).isEqualTo(event);
        assertThat(marked.toString()).contains("mark=42", "function=ip_rcv");
    }

    @Test
    void anEventBuiltWithoutAStackHasAnEmptyOne() {
        assertThat(TraceEvent.builder().build().stack()).isEmpty();
        assertThat(TcpConnectionEvent.builder().build().wasReset()).isFalse();
    }
}
