package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.Tracepoint;
import org.junit.jupiter.api.Test;

/** The builder's choices land in the plan's groups: sources, filters, outputs. None of this touches the kernel. */
class TracePlanTest {
    @Test
    void eachChoiceLandsInItsGroup() {
        TracePlan plan = Tracer.builder().traceTracepoints(Tracepoint.KFREE_SKB).filterPort(443).filterPid(42)
                .filterTrackSkb(true).output(Output.STACK).outputLimit(10)
                .ringBufferSize(1 << 20).build();

        assertThat(plan.sources().traceTracepoints()).isTrue();
        assertThat(plan.sources().tracepoints()).containsExactly(Tracepoint.KFREE_SKB);
        assertThat(plan.sources().functions()).isNull();
        assertThat(plan.filters().port()).isEqualTo(443);
        assertThat(plan.filters().pid()).isEqualTo(42);
        assertThat(plan.filters().trackSkb()).isTrue();
        assertThat(plan.filters().address()).isNull();
        assertThat(plan.outputs().has(Output.STACK)).isTrue();
        assertThat(plan.outputs().has(Output.META)).isFalse();
        assertThat(plan.outputs().limit()).isEqualTo(10);
        assertThat(plan.ringBufferBytes()).isEqualTo(1 << 20);
    }

    @Test
    void socketFunctionsMakeSocketEventsAndNoPacketEvents() {
        Sources sources = Tracer.builder().traceSkFunctions("tcp_.*").build().sources();

        assertThat(sources.tracesSockets()).isTrue();
        assertThat(sources.tracesPackets()).isFalse();
    }

    @Test
    void aBuilderChangedAfterBuildLeavesThePlanAsItWas() {
        TracerBuilder builder = Tracer.builder().traceSkb().filterPort(53);
        TracePlan plan = builder.build();

        builder.filterPort(80);

        assertThat(plan.filters().port()).isEqualTo(53);
        assertThat(builder.build().filters().port()).isEqualTo(80);
    }
}
