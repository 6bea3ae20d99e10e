package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A kprobe-multi link attached by names tells where the kernel found each function, with the cookie given. */
@Tag("kernel-functions")
class KprobeMultiLinkVmTest {
    private static final String PROGRAM = "vista_probe_kmulti";
    private static final String[] FUNCTIONS = {"ip_rcv", "tcp_v4_rcv", "udp_rcv"};
    private static final long[] COOKIES = {1L << 32 | 1, 2L << 32 | 0x100, 3L << 32 | 0x201};

    @Test
    void theLinkMapsWhereEachFunctionStartsToItsCookie() {
        KernelSymbols kallsyms = KernelSymbols.load();
        try (BpfObject object = BpfObject.open("vista_probe", BpfResources.bytes("feature_probes.bpf.o"))) {
            for (BpfProgram program : object.programs()) {
                program.setAutoload(program.name().equals(PROGRAM));
            }
            object.load();
            try (BpfLink link = object.program(PROGRAM).attachKprobeMulti(FUNCTIONS, COOKIES, "three functions")) {
                assertThat(link.kprobeMultiCookies(FUNCTIONS.length)).isEqualTo(Map.of(
                        kallsyms.textAddress(FUNCTIONS[0], null).orElseThrow(), COOKIES[0],
                        kallsyms.textAddress(FUNCTIONS[1], null).orElseThrow(), COOKIES[1],
                        kallsyms.textAddress(FUNCTIONS[2], null).orElseThrow(), COOKIES[2]));
            }
        }
    }
}
