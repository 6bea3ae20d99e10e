package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.Tracepoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's choices land in the plan's groups: sources, filters, outputs. None of this touches the kernel. */
class TracePlanTest {
    @Test
    void packetCaptureTogetherWithRawStructsIsRefused() {
        assertThatThrownBy(() -> Tracer.builder().traceSkb().capturePackets(128).output(Output.SKB).build())
                .isInstanceOf(InvalidPlanException.class)
                .hasMessage("capturePackets(128) together with Output.SKB or Output.SHINFO is not supported yet: "
                        + "a packet event carries either its packet bytes or its raw structs");
        assertThat(Tracer.builder().traceSkb().output(Output.SKB, Output.SHINFO).build().outputs().has(Output.SHINFO))
                .isTrue();
    }

    @Test
    void aKernelIndexCacheMustBeADirectoryOrNotYetExist(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThatThrownBy(() -> Tracer.builder().kernelIndexCache(file))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("kernel index cache " + file + " is not a directory");
        assertThat(Tracer.builder().traceSkb().kernelIndexCache(dir.resolve("made/later")).build().kernelIndexCache())
                .isEqualTo(dir.resolve("made/later"));
        assertThat(Tracer.builder().traceSkb().build().kernelIndexCache()).as("none unless asked for").isNull();
    }

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
    void netfilterAloneIsSomethingToTraceAndMakesNoPacketEvents() {
        Sources sources = Tracer.builder().traceNetfilter().build().sources();

        assertThat(sources.traceNetfilter()).isTrue();
        assertThat(sources.netfilterNamespaces()).isEmpty();
        assertThat(sources.tracesPackets()).isFalse();
    }

    @Test
    void netfilterWithoutASinkOrInAMissingNamespaceIsRefusedBeforeTheKernelIsTouched() {
        assertThatThrownBy(() -> Tracer.builder().traceNetfilter().start())
                .isInstanceOf(InvalidPlanException.class).hasMessageContaining("onNetfilter(...)");
        assertThatThrownBy(() -> Tracer.builder().traceNetfilterIn(Path.of("/run/netns/no-such-vista-namespace")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessage("network namespace file /run/netns/no-such-vista-namespace does not exist: give "
                        + "/run/netns/<name> or /proc/<pid>/ns/net");
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
