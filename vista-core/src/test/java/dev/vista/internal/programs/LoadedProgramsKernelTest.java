package dev.vista.internal.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.event.PacketProgramType;
import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.libbpf.BpfObject;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The walk over the kernel's program ids finds a loaded XDP program by kind and name, with its main
 * function's whole name, and forgets it once unloaded.
 */
@Tag("kernel")
class LoadedProgramsKernelTest {
    private static final Pattern PROBE_NAME = Pattern.compile("^vista_probe_xdp");

    @Test
    void findsALoadedXdpProgramByKindAndNameUntilItIsUnloaded() {
        try (BpfObject object = BpfObject.open("vista_probe", BpfResources.bytes("program_probes.bpf.o"))) {
            object.program("vista_probe_prog_fentry").setAutoload(false);
            object.load();

            // the kernel keeps 15 characters of vista_probe_xdp_target; the program's BTF has all of it
            assertThat(LoadedPrograms.find(EnumSet.allOf(PacketProgramType.class), PROBE_NAME))
                    .extracting(PacketProgram::type, PacketProgram::name, PacketProgram::function,
                            PacketProgram::eventName)
                    .containsExactly(tuple(PacketProgramType.XDP, "vista_probe_xdp", "vista_probe_xdp_target",
                            "vista_probe_xdp(xdp)"));
            assertThat(LoadedPrograms.find(Set.of(PacketProgramType.TC), PROBE_NAME)).isEmpty();
            assertThat(LoadedPrograms.find(Set.of(PacketProgramType.XDP), Pattern.compile("no_such_prog"))).isEmpty();
        }
        assertThat(LoadedPrograms.find(EnumSet.allOf(PacketProgramType.class), PROBE_NAME)).isEmpty();
    }
}
