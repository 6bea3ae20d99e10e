package dev.vista.internal.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.PrivilegeException;
import dev.vista.VistaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void looksUpAddressesByName() throws IOException {
        KernelSymbols symbols = KernelSymbols.load(write(SAMPLE));

        assertThat(symbols.address("ip_rcv")).hasValue(0xffffffff81000050L);
        assertThat(symbols.address("veth_xmit")).hasValue(0xffffffffc0003000L);
        assertThat(symbols.address("ip_rc")).isEmpty();
        assertThat(symbols.address("no_such_function")).isEmpty();
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
    void refusesAnEmptyFile() throws IOException {
        Path empty = write("");

        assertThatThrownBy(() -> KernelSymbols.load(empty)).hasMessageContaining("no symbols");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("kallsyms"), content);
    }
}
