package dev.vista.internal.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.internal.bpf.BpfResources;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What CoreTargetBtf cuts from the running kernel's BTF for our objects (CoreTargetKernelTest loads them). */
@Tag("kernel")
class CoreTargetBtfKernelTest {
    /** {@code BPF_CORE_TYPE_SIZE}: a relocation rooted at a type, with no member path. */
    private static final int TYPE_SIZE = 9;
    private static Btf kernel;

    @BeforeAll
    static void parseTheKernelsBtf() {
        kernel = Btf.vmlinux();
    }

    @Test
    void keepsTheSkBuffWithOnlyTheMembersOnPathsWhereTheKernelHasThem() {
        Btf target = cut("skb_tracepoints.bpf.o");
        int skb = target.findType(BtfKind.STRUCT, "sk_buff").orElseThrow();
        int kernelSkb = kernel.findType(BtfKind.STRUCT, "sk_buff").orElseThrow();
        assertThat(target.sizeOf(skb)).isEqualTo(kernel.sizeOf(kernelSkb));
        List<Btf.Member> kept = target.members(skb);
        assertThat(kept).extracting(Btf.Member::name).contains("len", "head", "data").hasSizeLessThan(
                kernel.members(kernelSkb).size() / 2);
        assertThat(kernel.members(kernelSkb)).extracting(Btf.Member::name, Btf.Member::bitOffset)
                .contains(kept.stream().map(m -> tuple(m.name(), m.bitOffset())).toArray(Tuple[]::new));
        assertThat(target.lastTypeId()).as("types kept").isLessThan(500);
    }

    @Test
    void everyPointerPointsAtVoid() {
        Btf target = cut("skb_tracepoints.bpf.o");
        assertThat(IntStream.rangeClosed(1, target.lastTypeId()).filter(id -> target.kind(id) == BtfKind.PTR))
                .isNotEmpty()
                .allSatisfy(ptr -> assertThat(target.referencedType(ptr)).isZero());
    }

    @Test
    void cutsNothingForAnObjectThatAsksForAKernelTypeId() {
        // bpf_core_type_id_kernel(): an id in the kernel's own BTF, which the cut numbers differently.
        var b = BtfBlobBuilder.base();
        int skBuff = b.type(BtfKind.STRUCT, "sk_buff", 0, false, 8);
        Btf object = b.parse(null);
        List<CoreRelocation> relocations = new ArrayList<>(List.of(new CoreRelocation(skBuff, "0", TYPE_SIZE)));
        assertThat(CoreTargetBtf.of(kernel, object, relocations)).isPresent();
        relocations.add(new CoreRelocation(skBuff, "0", CoreRelocation.TYPE_ID_TARGET));
        assertThat(CoreTargetBtf.of(kernel, object, relocations)).isEmpty();
    }

    @Test
    void cutsNothingForARelocationRootedAtATypeTheKernelLacks() {
        // Such as nf_tables' struct nft_chain where nf_tables is a module: libbpf finds it in the module's BTF.
        var b = BtfBlobBuilder.base();
        int inTheKernel = b.type(BtfKind.STRUCT, "sk_buff", 0, false, 8);
        int inAModule = b.type(BtfKind.STRUCT, "vista_struct_of_some_module", 0, false, 8);
        Btf object = b.parse(null);
        CoreRelocation kernelType = new CoreRelocation(inTheKernel, "0", TYPE_SIZE);

        assertThat(CoreTargetBtf.of(kernel, object, List.of(kernelType))).isPresent();
        assertThat(CoreTargetBtf.of(kernel, object, List.of(kernelType, new CoreRelocation(inAModule, "0", TYPE_SIZE))))
                .isEmpty();
    }

    @Test
    void dropsAFlavourAsLibbpfDoes() {
        assertThat(CoreTargetBtf.essentialName("sk_buff___old")).isEqualTo("sk_buff");
        assertThat(CoreTargetBtf.essentialName("a___b___c")).isEqualTo("a___b");
        assertThat(CoreTargetBtf.essentialName("x____y")).isEqualTo("x____y");
        assertThat(CoreTargetBtf.essentialName("sk_buff")).isEqualTo("sk_buff");
    }

    private static Btf cut(String resource) {
        return Btf.parse("target", MemorySegment.ofArray(target(resource).orElseThrow()), null);
    }

    private static Optional<byte[]> target(String resource) {
        return CoreTargetBtf.ofObject(resource, BpfResources.bytes(resource), kernel);
    }
}
