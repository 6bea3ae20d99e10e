package dev.vista.internal.decode;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.attach.FunctionNames;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.programs.ProgramsByAddress;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingEventView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A kernel-function event is named by what the attaching learned (kprobe-multi's link info) without reading
 * kallsyms; kallsyms names what the attaching did not, and is read only then.
 */
class FunctionNamingTest {
    private static final long IP_RCV = 0xffffffff81000100L;
    private static final long DEV_XMIT = 0xffffffff81000200L;
    private static final FunctionNames ATTACHED = Map.of(IP_RCV, "ip_rcv")::get;

    private final AtomicInteger kallsymsReads = new AtomicInteger();
    private final Supplier<KernelSymbols> kallsyms = () -> {
        kallsymsReads.incrementAndGet();
        return KernelSymbols.parse("""
                ffffffff81000100 T symbol_ip_rcv
                ffffffff81000200 T dev_xmit
                ffffffff81000300 T _etext
                """, "a made-up kallsyms");
    };
    private final EventDecoder decoder = new EventDecoder(Map.of(), kallsyms, 0, List.of(), null,
            ProgramsByAddress.NONE, ATTACHED);

    private static MemorySegment functionEvent(Arena arena, long function) {
        MemorySegment rec = arena.allocate(EventLayout.STACK, Long.BYTES);
        rec.set(JAVA_BYTE, EventLayout.SOURCE, (byte) RingEventView.SOURCE_SKB_FUNCTION);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.FUNC_IP, function);
        return rec;
    }

    @Test
    void aFunctionTheAttachingFoundIsNamedWithoutKallsyms() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ipRcv = functionEvent(arena, IP_RCV);
            RingEventView view = new RingEventView(decoder).wrap(ipRcv, 0, (int) ipRcv.byteSize());

            assertThat(view.functionName()).isEqualTo("ip_rcv");
            assertThat(decoder.decode(view).where()).isEqualTo("ip_rcv");
            assertThat(kallsymsReads).as("kallsyms reads").hasValue(0);
        }
    }

    @Test
    void anAddressTheAttachingDidNotLearnIsNamedByKallsyms() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devXmit = functionEvent(arena, DEV_XMIT);

            assertThat(decoder.decode(new RingEventView(decoder).wrap(devXmit, 0, (int) devXmit.byteSize())).where())
                    .isEqualTo("dev_xmit");
            assertThat(kallsymsReads).as("kallsyms reads").hasValue(1);
        }
    }
}
