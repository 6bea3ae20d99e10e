package dev.vista.internal.btf;

import static dev.vista.internal.btf.BtfKind.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.btf.Btf.FunctionArg;
import dev.vista.internal.cache.IndexCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BTF read with its indexes from an {@link IndexCache} answers as BTF whose indexes were just made. */
class BtfIndexCacheTest {
    @TempDir
    Path dir;

    @Test
    void aSecondLoadReadsTheIndexesTheFirstMadeAndAnswersTheSame() throws IOException {
        Path file = Files.write(dir.resolve("vmlinux"), kernel().build());
        IndexCache cache = IndexCache.in(dir.resolve("cache"));
        Btf made = Btf.load(file, cache);
        var madeFunctions = made.functionsTakingPointerTo("sk_buff", 5);
        assertThat(cache.takeNotes()).as("made and written").hasSize(2).allMatch(note -> note.startsWith("wrote"));

        Btf read = Btf.load(file, cache);

        assertThat(read.functionsTakingPointerTo("sk_buff", 5)).isEqualTo(madeFunctions)
                .containsExactly(new FunctionArg(5, "ip_rcv", 0), new FunctionArg(7, "dev_xmit", 1));
        assertThat(cache.takeNotes()).as("both read back").hasSize(2).allMatch(note -> note.startsWith("read"));
        assertThat(read.findType(STRUCT, "sk_buff")).hasValue(2);
        assertThat(read.findType(FUNC, "dev_xmit")).hasValue(7);
        assertThat(read.findType(STRUCT, "dev_xmit")).isEmpty();
        assertThat(read.tracepointType("kfree_skb")).hasValue(8);
        assertThat(read.lastTypeId()).isEqualTo(made.lastTypeId());
        assertThat(read.functionsTakingPointerTo("sock", 5)).as("another struct: not cached yet").isEmpty();
    }

    @Test
    void anotherKernelsIndexesAreNotTaken() throws IOException {
        IndexCache cache = IndexCache.in(dir.resolve("cache"));
        Btf.load(Files.write(dir.resolve("old"), kernel().build()), cache).functionsTakingPointerTo("sk_buff", 5);
        BtfBlobBuilder renamed = kernel();
        renamed.type(FUNC, "tcp_rcv", 0, false, 4); // 9

        Btf newer = Btf.load(Files.write(dir.resolve("new"), renamed.build()), cache);

        assertThat(newer.functionsTakingPointerTo("sk_buff", 5)).extracting(FunctionArg::function)
                .containsExactly("ip_rcv", "dev_xmit", "tcp_rcv");
        assertThat(newer.findType(FUNC, "tcp_rcv")).hasValue(9);
    }

    @Test
    void aModulesIndexesAreKeptPerBase() throws IOException {
        IndexCache cache = IndexCache.in(dir.resolve("cache"));
        BtfBlobBuilder kernel = kernel();
        BtfBlobBuilder module = kernel.split();
        module.type(FUNC, "mod_rcv", 0, false, 4); // 9
        Path moduleFile = Files.write(dir.resolve("module"), module.build());
        Btf base = Btf.load(Files.write(dir.resolve("vmlinux"), kernel.build()), cache);

        Btf made = Btf.loadSplit(moduleFile, base);
        Btf read = Btf.loadSplit(moduleFile, Btf.load(dir.resolve("vmlinux"), cache));

        assertThat(made.indexCache()).isSameAs(cache);
        assertThat(read.findType(FUNC, "mod_rcv")).hasValue(9);
        assertThat(read.findType(FUNC, "ip_rcv")).as("through the base").hasValue(5);
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            assertThat(files).as("the kernel's and the module's type indexes").hasSize(2);
        }
    }

    @Test
    void withoutACacheNothingIsWritten() throws IOException {
        Btf btf = Btf.load(Files.write(dir.resolve("vmlinux"), kernel().build()));
        btf.functionsTakingPointerTo("sk_buff", 5);

        assertThat(btf.indexCache()).isSameAs(IndexCache.NONE);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    /** struct sk_buff, its pointer, two functions taking it (first and second), a tracepoint's typedef. */
    private static BtfBlobBuilder kernel() {
        var b = BtfBlobBuilder.base();
        b.type(INT, "int", 0, false, 4, 32); // 1
        b.type(STRUCT, "sk_buff", 1, false, 4, b.str("len"), 1, 0); // 2
        b.type(PTR, "", 0, false, 2); // 3
        b.type(FUNC_PROTO, "", 2, false, 1, b.str("skb"), 3, b.str("dev"), 1); // 4: (skb, dev)
        b.type(FUNC, "ip_rcv", 0, false, 4); // 5
        b.type(FUNC_PROTO, "", 2, false, 1, b.str("dev"), 1, b.str("skb"), 3); // 6: (dev, skb)
        b.type(FUNC, "dev_xmit", 0, false, 6); // 7
        b.type(TYPEDEF, "btf_trace_kfree_skb", 0, false, 3); // 8
        return b;
    }
}
