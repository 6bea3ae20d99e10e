package dev.vista.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.bpf.BpfResources;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.CoreTargetBtf;
import dev.vista.internal.cache.ContentKey;
import dev.vista.internal.cache.IndexCache;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CO-RE targets kept in the kernel's index cache, so that only a first start cuts them. */
@Tag("kernel")
class CoreTargetFileKernelTest {
    @TempDir
    Path dir;

    @Test
    void cutsATargetOnceThenReadsItBackFromTheCache() throws IOException {
        IndexCache cache = IndexCache.in(dir);
        Btf kernel = Btf.vmlinux(cache);
        byte[] elf = BpfResources.bytes("kprobe_multi_functions.bpf.o");
        byte[] cut;
        try (CoreTargetFile file = CoreTargetFile.cut("vista_kprobe_multi_functions", elf, kernel).orElseThrow()) {
            cut = Files.readAllBytes(file.path());
        }
        Path stored = onlyTarget();
        assertThat(stored.getFileName().toString())
                .startsWith("core-target-v" + CoreTargetBtf.VERSION + "-vista_kprobe_multi_functions-");
        String kind = stored.getFileName().toString().replaceFirst("-[0-9]+-[0-9a-f]{8}\\.idx$", "");
        ContentKey key = cache.keyOf(elf).onTopOf(kernel.contentKey());
        assertThat(cache.loadBytes(kind, key)).isEqualTo(cut);
        assertThat(Btf.parse("cut", MemorySegment.ofArray(cut), null).lastTypeId()).isPositive();

        // Stored anew with other bytes under the same key, what the next cut gives is what the cache holds.
        byte[] marker = {1, 2, 3, 4, 5};
        cache.storeBytes(kind, key, marker);
        try (CoreTargetFile file = CoreTargetFile.cut("vista_kprobe_multi_functions", elf, kernel).orElseThrow()) {
            assertThat(Files.readAllBytes(file.path())).isEqualTo(marker);
        }
    }

    private Path onlyTarget() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> targets = files.filter(f -> f.getFileName().toString().startsWith("core-target-")).toList();
            assertThat(targets).hasSize(1);
            return targets.getFirst();
        }
    }
}
