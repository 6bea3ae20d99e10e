package dev.vista.internal.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.PrivilegeException;
import dev.vista.VistaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KallsymsParserTest {
    // Shaped like the real file: aliases at one address, data markers, a text end marker, module and
    // BPF lines out of address order at the end.
    private static final String SAMPLE = """
            ffffffff81000000 T _stext
            ffffffff81000000 T srso_alias_untrain_ret
            ffffffff81000040 t __pfx_ip_rcv
            ffffffff81000050 T ip_rcv
            ffffffff81000100 W weak_function
            ffffffff81000200 T _etext
            ffffffff82000000 D __start_rodata
            ffffffff82000100 d some_table
            ffffffffc0002000 t nft_do_chain\t[nf_tables]
            ffffffffc0001000 t nf_tables_init\t[nf_tables]
            ffffffffc0003000 t veth_xmit\t[veth]
            ffffffffc0004000 t bpf_prog_6deef7357e7b4530_trace\t[bpf]
            """;

    @TempDir
    Path dir;

    @Test
    void resolvesAnAddressInsideAFunctionToNameAndOffset() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.size()).isEqualTo(12);
        assertThat(symbols.resolve(0xffffffff8100006aL)).hasToString("ip_rcv+0x1a");
        assertThat(symbols.resolve(0xffffffff81000050L)).isEqualTo(new Symbol("ip_rcv", 0, null));
        assertThat(symbols.resolve(0xffffffff81000180L)).hasToString("weak_function+0x80");
    }

    @Test
    void namesTheModuleOfAModuleSymbol() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.resolve(0xffffffffc0002010L)).isEqualTo(new Symbol("nft_do_chain", 0x10, "nf_tables"))
                .hasToString("nft_do_chain+0x10 [nf_tables]");
        // lines of the module came out of order: sorting put nf_tables_init first
        assertThat(symbols.resolve(0xffffffffc0001fffL)).hasToString("nf_tables_init+0xfff [nf_tables]");
        assertThat(symbols.resolve(0xffffffffc0003001L)).hasToString("veth_xmit+0x1 [veth]");
        assertThat(symbols.resolve(0xffffffffc0004020L)).hasToString("bpf_prog_6deef7357e7b4530_trace+0x20 [bpf]");
    }

    @Test
    void prefersThePlainNameAmongAliases() throws IOException {
        assertThat(KernelSymbols.load(write(SAMPLE)).resolve(0xffffffff81000008L)).hasToString("srso_alias_untrain_ret+0x8");
    }

    @Test
    void findsNothingOutsideKernelText() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.resolve(0)).isNull();
        assertThat(symbols.resolve(0xffffffff80ffffffL)).as("below the first symbol").isNull();
        assertThat(symbols.resolve(0xffffffff81000300L)).as("past _etext").isNull();
        assertThat(symbols.resolve(0xffffffff82000180L)).as("in data").isNull();
    }

    @Test
    void findsWhereACodeSymbolStartsByNameAndModule() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.textAddress("ip_rcv", null)).hasValue(0xffffffff81000050L);
        assertThat(symbols.textAddress("weak_function", null)).hasValue(0xffffffff81000100L);
        assertThat(symbols.textAddress("nft_do_chain", "nf_tables")).hasValue(0xffffffffc0002000L);
        assertThat(symbols.textAddress("bpf_prog_6deef7357e7b4530_trace", "bpf")).hasValue(0xffffffffc0004000L);
        assertThat(symbols.textAddress("ip_rc", null)).as("whole names only").isEmpty();
        assertThat(symbols.textAddress("no_such_function", null)).isEmpty();
    }

    @Test
    void onlyCodeSymbolsHaveATextAddress() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.textAddress("some_table", null)).as("d").isEmpty();
        assertThat(symbols.textAddress("__start_rodata", null)).as("D").isEmpty();
    }

    @Test
    void aModuleSymbolIsFoundOnlyInItsModule() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write("""
                ffffffff81000100 T dup
                ffffffffc0001000 t dup\t[mod]
                ffffffffc0002000 t only_in_mod\t[mod]
                """));

        assertThat(symbols.textAddress("dup", null)).hasValue(0xffffffff81000100L);
        assertThat(symbols.textAddress("dup", "mod")).hasValue(0xffffffffc0001000L);
        assertThat(symbols.textAddress("dup", "other")).as("no such module").isEmpty();
        assertThat(symbols.textAddress("only_in_mod", null)).as("not in vmlinux").isEmpty();
        assertThat(symbols.textAddress("only_in_mod", "mod")).hasValue(0xffffffffc0002000L);
    }

    @Test
    void aNameSharedInOneModuleGivesTheLowestAddress() throws IOException {
        // static functions of one name in several files; a data symbol of that name below them does not count
        KernelSymbols symbols = KernelSymbols.load(write("""
                ffffffff81000200 t dup
                ffffffff81000100 t dup

                ffffffff80000000 d dup
                ffffffffc0003000 t dup\t[mod]
                ffffffffc0002000 t dup\t[mod]
                0000000000001000 T low_half
                """));

        assertThat(symbols.textAddress("dup", null)).hasValue(0xffffffff81000100L);
        assertThat(symbols.textAddress("dup", "mod")).hasValue(0xffffffffc0002000L);
        assertThat(symbols.textAddress("low_half", null)).as("addresses compare unsigned").hasValue(0x1000L);
    }

    @Test
    void theNameIndexIsBuiltOnceForAllThreads() throws Exception {
        var lines = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            lines.append("%016x t fn_%d%n".formatted(0xffffffff81000000L + 16L * i, i));
        }
        KernelSymbols symbols = KernelSymbols.load(write(lines.toString()));

        try (var executor = Executors.newFixedThreadPool(8)) {
            var lookups = IntStream.range(0, 8).mapToObj(t -> executor.submit(() -> IntStream.range(0, 10_000)
                    .allMatch(i -> symbols.textAddress("fn_" + i, null).orElse(0) == 0xffffffff81000000L + 16L * i))).toList();
            for (var lookup : lookups) {
                assertThat(lookup.get()).isTrue();
            }
        }
    }

    @Test
    void readsAFileOfManyChunksAndMoreLinesThanItFirstMakesRoomFor() throws IOException {
        // 200k lines of 40-60 bytes: lines and module names cut at every chunk boundary, the columns grown
        var lines = new StringBuilder();
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            lines.append("%016x t function_number_%d%s%n".formatted(0xffffffff81000000L + 16L * i, i,
                    i % 3 == 0 ? "\t[module_" + i / 1000 + "]" : ""));
        }
        KernelSymbols symbols = KernelSymbols.load(write(lines.toString()));

        assertThat(symbols.size()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            Symbol symbol = symbols.resolve(0xffffffff81000000L + 16L * i + 3);
            assertThat(symbol).isEqualTo(new Symbol("function_number_" + i, 3,
                    i % 3 == 0 ? "module_" + i / 1000 : null));
        }
    }

    @Test
    void sortsLinesOfManyRunsOutOfOrderByAddress() throws IOException {
        // runs of ascending addresses that start anywhere, as modules and BPF programs follow the kernel image
        var random = new java.util.Random(19);
        var lines = new StringBuilder();
        var byAddress = new java.util.TreeMap<Long, String>(Long::compareUnsigned);
        long address = 0;
        for (int i = 0; i < 5_000; i++) {
            address = random.nextInt(40) == 0 ? 0xffffffff80000000L + 64L * random.nextInt(1 << 20) : address + 64;
            if (byAddress.putIfAbsent(address, "f" + i) == null) {
                lines.append("%016x t f%d%n".formatted(address, i));
            }
        }
        KernelSymbols symbols = KernelSymbols.load(write(lines.toString()));

        assertThat(symbols.size()).isEqualTo(byAddress.size());
        byAddress.forEach((at, name) -> assertThat(symbols.resolve(at)).isEqualTo(new Symbol(name, 0, null)));
    }

    @Test
    void takesBlankLinesUpperCaseDigitsAndALastLineWithoutNewline() throws IOException {
        Path file = write("\nFFFFFFFF81000000 T _stext\n\nffffffff81000050 T ip_rcv\nffffffff81000200 T _etext");
        KernelSymbols symbols = KernelSymbols.load(file);

        assertThat(symbols.size()).isEqualTo(3);
        assertThat(symbols.textAddress("ip_rcv", null)).hasValue(0xffffffff81000050L);
        assertThat(symbols.resolve(0xffffffff81000001L)).isEqualTo(new Symbol("_stext", 1, null));
    }

    @Test
    void refusesALastLineCutShort() throws IOException {
        Path broken = write("ffffffff81000000 T _stext\nffffffff81000100 T");

        assertThatThrownBy(() -> KernelSymbols.load(broken))
                .isInstanceOf(VistaException.class)
                .hasMessage("malformed line 2 in " + broken + ": 'ffffffff81000100 T'");
    }

    @Test
    void refusesALineLongerThanAChunk() throws IOException {
        Path broken = write("ffffffff81000100 T " + "x".repeat(70_000) + "\n");

        assertThatThrownBy(() -> KernelSymbols.load(broken))
                .isInstanceOf(VistaException.class)
                .hasMessageStartingWith("malformed line 1 in " + broken + ": 'ffffffff81000100 T xxx");
    }

    @Test
    void refusesAFileWhoseAddressesAreHidden() throws IOException {
        Path hidden = write("""
                0000000000000000 T _stext
                0000000000000000 T ip_rcv
                """);

        assertThatThrownBy(() -> KernelSymbols.load(hidden))
                .isInstanceOf(PrivilegeException.class)
                .hasMessageContaining("root")
                .hasMessageContaining("kptr_restrict");
    }

    @Test
    void namesTheLineThatIsMalformed() throws IOException {
        Path broken = write("""
                ffffffff81000000 T _stext
                ffffffff8100zz00 T ip_rcv
                """);

        assertThatThrownBy(() -> KernelSymbols.load(broken))
                .isInstanceOf(VistaException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("ffffffff8100zz00 T ip_rcv");
    }

    @Test
    void namesALineWhoseModuleIsNotBracketed() throws IOException {
        Path broken = write("ffffffff81000100 T ip_rcv\tmod\n");

        assertThatThrownBy(() -> KernelSymbols.load(broken))
                .isInstanceOf(VistaException.class)
                .hasMessage("malformed line 1 in " + broken + ": 'ffffffff81000100 T ip_rcv\tmod'");
    }

    @Test
    void saysWhenTheFileCannotBeRead() {
        assertThatThrownBy(() -> KernelSymbols.load(dir.resolve("none")))
                .isInstanceOf(VistaException.class)
                .hasMessageContaining("cannot read kernel symbols from " + dir.resolve("none"));
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path empty = write("");

        assertThatThrownBy(() -> KernelSymbols.load(empty)).hasMessageContaining("no symbols");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("kallsyms"), content);
    }
}
