package dev.vista.internal.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.InvalidPlanException;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfKind;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The running kernel's functions: needs root for kallsyms addresses. */
@Tag("kernel")
class FunctionCatalogKernelTest {
    private static Btf btf;
    private static KernelSymbols symbols;
    private static FunctionCatalog catalog;
    private static FunctionSelection allSkbFunctions;

    @BeforeAll
    static void load() {
        btf = Btf.vmlinux();
        long started = System.nanoTime();
        symbols = KernelSymbols.load();
        long symbolsRead = System.nanoTime();
        catalog = FunctionCatalog.load(btf, () -> symbols, Set.of(), true);
        long loaded = System.nanoTime();
        // the first select also builds the symbols' name index
        allSkbFunctions = catalog.select("sk_buff", Pattern.compile(".*"));
        long selected = System.nanoTime();
        System.out.printf("kallsyms read in %.1f ms; function catalog loaded in %.1f ms, selected in %.1f ms"
                        + " (load+select %.1f ms): %s%n", (symbolsRead - started) / 1e6, (loaded - symbolsRead) / 1e6,
                (selected - loaded) / 1e6, (selected - symbolsRead) / 1e6, allSkbFunctions.summary());
    }

    @Test
    void ipRcvTakesTheSkbFirst() {
        checkOnly("ip_rcv", "sk_buff", 1);
    }

    @Test
    void tcpV4RcvTakesTheSkbFirst() {
        checkOnly("tcp_v4_rcv", "sk_buff", 1);
    }

    @Test
    void tcpV4ConnectTakesTheSockFirst() {
        checkOnly("tcp_v4_connect", "sock", 1);
    }

    @Test
    void aNameSelectsOnlyThatFunction() {
        assertThat(catalog.select("sk_buff", Pattern.compile("ip_rcv")).functions()).extracting(TracedFunction::name)
                .containsExactly("ip_rcv");
    }

    @Test
    void regexSelectsEveryFunctionItMatchesWhole() {
        FunctionSelection selection = catalog.select("sk_buff", Pattern.compile("ip(v6)?_rcv.*"));

        assertThat(selection.functions()).extracting(TracedFunction::name)
                .contains("ip_rcv", "ipv6_rcv", "ip_rcv_core", "ip_rcv_finish")
                .allMatch(name -> name.startsWith("ip_rcv") || name.startsWith("ipv6_rcv"));
    }

    @Test
    void thousandsOfFunctionsTakeAnSkb() {
        long started = System.nanoTime();
        FunctionSelection again = catalog.select("sk_buff", Pattern.compile(".*"));
        System.out.printf("selected again in %.1f ms%n", (System.nanoTime() - started) / 1e6);

        assertThat(allSkbFunctions.functions()).hasSizeGreaterThan(1000);
        assertThat(allSkbFunctions.functions()).as("code in kallsyms").allSatisfy(function -> assertThat(
                symbols.textAddress(function.name(), function.module())).isPresent());
        assertThat(again).isEqualTo(allSkbFunctions);
    }

    @Test
    void regexMatchingNothingSaysHowManyThereAre() {
        int skbFunctions = (int) btf.functionsTakingPointerTo("sk_buff", 5).stream().map(Btf.FunctionArg::function).distinct().count();

        assertThatThrownBy(() -> catalog.select("sk_buff", Pattern.compile("no_such_function")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("function filter /no_such_function/ matches none of the %d kernel functions taking struct sk_buff * (e.g. "
                        .formatted(skbFunctions));
    }

    private static void checkOnly(String name, String struct, int position) {
        FunctionSelection selection = catalog.select(struct, Pattern.compile(name));

        int id = btf.findType(BtfKind.FUNC, name).orElseThrow();
        assertThat(selection.functions()).singleElement().satisfies(function -> {
            assertThat(function.name()).isEqualTo(name);
            assertThat(function.position()).isEqualTo(position);
            assertThat(function.module()).isNull();
            assertThat(function.btfTypeId()).isEqualTo(id);
        });
    }
}
