package dev.vista.internal.kernel;

import dev.vista.internal.btf.BtfBlobBuilder;
import dev.vista.internal.btf.BtfKind;
import dev.vista.internal.cache.IndexCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small kernel BTF files for tests: a kernel that has, or lacks, a given function. */
public final class KernelBtfFiles {
    private KernelBtfFiles() {
    }

    /**
     * The BTF of a kernel whose only functions are {@code int function(struct sk_buff *skb)}, for each
     * of {@code functions}, written into {@code dir} and loaded.
     */
    public static KernelBtf withFunctions(Path dir, String... functions) throws IOException {
        var b = BtfBlobBuilder.base();
        int skBuff = b.type(BtfKind.STRUCT, "sk_buff", 0, false, 0);
        int skBuffPointer = b.type(BtfKind.PTR, "", 0, false, skBuff);
        int integer = b.type(BtfKind.INT, "int", 0, false, 4, 1 << 24 | 32);
        int proto = b.type(BtfKind.FUNC_PROTO, "", 1, false, integer, b.str("skb"), skBuffPointer);
        for (String function : functions) {
            b.type(BtfKind.FUNC, function, 1, false, proto); // vlen 1: a global function
        }
        Path file = Files.createTempFile(dir, "kernel", ".btf");
        Files.write(file, b.build());
        return KernelBtf.load(file, IndexCache.NONE);
    }
}
