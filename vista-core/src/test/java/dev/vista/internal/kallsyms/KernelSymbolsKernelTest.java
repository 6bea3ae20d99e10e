package dev.vista.internal.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Tracer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the running kernel's /proc/kallsyms: needs root to see real addresses. */
@Tag("kernel")
class KernelSymbolsKernelTest {
    private static KernelSymbols symbols;

    @BeforeAll
    static void load() {
        symbols = KernelSymbols.load();
    }

    @Test
    void resolvesAnAddressInsideIpRcvBackToIpRcv() {
        long ipRcv = symbols.textAddress("ip_rcv", null).orElseThrow();

        assertThat(symbols.size()).isGreaterThan(10_000);
        assertThat(symbols.resolve(ipRcv)).hasToString("ip_rcv+0x0");
        assertThat(symbols.resolve(ipRcv + 0x1a)).hasToString("ip_rcv+0x1a");
    }

    @Test
    @SuppressWarnings("try") // the tracer only has to run: its programs are the symbols looked up
    void resolvesASymbolOfALoadedModule() throws IOException {
        // A running tracer guarantees module-like symbols: the kernel lists BPF programs as [bpf].
        try (Tracer tracer = Tracer.builder().traceSkb().onEvent(event -> { }).start()) {
            KernelSymbols withBpf = KernelSymbols.load();
            String[] fields = firstModuleTextSymbol().orElseThrow();
            checkModuleSymbol(withBpf, fields);
        }
    }

    private static void checkModuleSymbol(KernelSymbols symbols, String[] fields) {
        // "ffffffffc0a01000 t nft_do_chain\t[nf_tables]": address, type, name, [module]
        long address = Long.parseUnsignedLong(fields[0], 16);
        String module = fields[3].substring(1, fields[3].length() - 1);

        Symbol symbol = symbols.resolve(address + 1);

        assertThat(symbol.module()).isEqualTo(module);
        assertThat(symbol.offset()).isEqualTo(1);
        assertThat(symbols.resolve(address)).hasToString(symbol.name() + "+0x0 [" + module + "]");
        long lowest = symbols.textAddress(fields[2], module).orElseThrow();
        assertThat(Long.compareUnsigned(lowest, address)).as("the lowest address of that name in the module").isLessThanOrEqualTo(0);
        assertThat(symbols.textAddress(fields[2], module + "_not_loaded")).isEmpty();
    }

    private static Optional<String[]> firstModuleTextSymbol() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/kallsyms"))) {
            return lines.map(line -> line.split("\\s+"))
                    .filter(fields -> fields.length == 4 && "tT".contains(fields[1]))
                    .findFirst();
        }
    }
}
