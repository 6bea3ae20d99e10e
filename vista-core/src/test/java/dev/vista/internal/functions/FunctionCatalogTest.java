package dev.vista.internal.functions;

import static dev.vista.internal.btf.BtfKind.FUNC;
import static dev.vista.internal.btf.BtfKind.FUNC_PROTO;
import static dev.vista.internal.btf.BtfKind.INT;
import static dev.vista.internal.btf.BtfKind.PTR;
import static dev.vista.internal.btf.BtfKind.STRUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.InvalidPlanException;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.BtfBlobBuilder;
import dev.vista.internal.kallsyms.KernelSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selection rules on a small made-up kernel: BTF blobs, a kallsyms file and an ftrace list. */
class FunctionCatalogTest {
    private static final Pattern ALL = Pattern.compile(".*");

    @TempDir
    Path dir;
    private Btf vmlinux;
    private KernelSymbols symbols;
    private KernelFiles noFtrace;
    private KernelFiles withFtrace;
    private int kallsymsReads;

    // Type ids of the FUNCs, as the blobs below number them.
    private int ipRcv;
    private int ipRcvCore;
    private int devXmit;
    private int skFn;
    private int notraceFn;
    private int modRcv;

    @BeforeEach
    void writeKernel() throws IOException {
        var base = BtfBlobBuilder.base();
        int integer = base.type(INT, "int", 0, false, 4, 32);
        int skb = base.type(PTR, "", 0, false, base.type(STRUCT, "sk_buff", 0, false, 4));
        int sock = base.type(PTR, "", 0, false, base.type(STRUCT, "sock", 0, false, 4));
        int takesSkb = proto(base, skb);
        ipRcv = base.type(FUNC, "ip_rcv", 0, false, takesSkb);
        ipRcvCore = base.type(FUNC, "ip_rcv_core", 0, false, takesSkb);
        devXmit = base.type(FUNC, "dev_xmit", 0, false, proto(base, integer, skb));
        skFn = base.type(FUNC, "sk_fn", 0, false, proto(base, integer, sock, skb));
        base.type(FUNC, "six_args", 0, false, proto(base, integer, integer, integer, integer, integer, skb));
        base.type(FUNC, "inlined_fn", 0, false, takesSkb);
        base.type(FUNC, "data_fn", 0, false, takesSkb);
        notraceFn = base.type(FUNC, "notrace_fn", 0, false, takesSkb);
        var module = base.split();
        modRcv = module.type(FUNC, "mod_rcv", 0, false, takesSkb);

        Path btfDir = Files.createDirectories(dir.resolve("btf"));
        byte[] vmlinuxBlob = base.build();
        Files.write(btfDir.resolve("vmlinux"), vmlinuxBlob);
        Files.write(btfDir.resolve("mymod"), module.build());
        vmlinux = Btf.load(btfDir.resolve("vmlinux"));

        symbols = KernelSymbols.load(Files.writeString(dir.resolve("kallsyms"), """
                ffffffff81000100 T ip_rcv
                ffffffff81000200 t dev_xmit
                ffffffff81000300 W notrace_fn
                ffffffff81000400 T ip_rcv_core
                ffffffff81000500 t sk_fn
                ffffffff81000600 t six_args
                ffffffff81000700 t dev_xmit
                ffffffff82000000 D data_fn
                ffffffffc0001000 t mod_rcv\t[mymod]
                ffffffffc0002000 t other_fn\t[othermod]
                """));
        Path ftrace = Files.writeString(dir.resolve("available_filter_functions"), """
                ip_rcv
                dev_xmit
                ip_rcv_core
                sk_fn
                six_args
                mod_rcv [mymod]
                """);
        Path missing = dir.resolve("no_such_file");
        noFtrace = new KernelFiles(btfDir, List.of(missing));
        withFtrace = new KernelFiles(btfDir, List.of(missing, ftrace));
    }

    /** A FUNC_PROTO returning int with unnamed parameters of these types. */
    private static int proto(BtfBlobBuilder blob, int... paramTypes) {
        int[] params = new int[2 * paramTypes.length];
        for (int i = 0; i < paramTypes.length; i++) {
            params[2 * i + 1] = paramTypes[i];
        }
        return blob.type(FUNC_PROTO, "", paramTypes.length, false, 1, params);
    }

    @Test
    void withoutFtraceListKeepsWhatKallsymsHasAsCode() {
        FunctionSelection selection = load(noFtrace, Set.of(), false).select("sk_buff", ALL);

        assertThat(selection.functions()).containsExactly(
                new TracedFunction("ip_rcv", 1, null, ipRcv),
                new TracedFunction("ip_rcv_core", 1, null, ipRcvCore),
                new TracedFunction("dev_xmit", 2, null, devXmit),
                new TracedFunction("sk_fn", 3, null, skFn),
                new TracedFunction("notrace_fn", 1, null, notraceFn));
        assertThat(selection.ignored()).as("inlined_fn is absent, data_fn is data")
                .isEqualTo(Map.of(IgnoreReason.NOT_IN_KALLSYMS, 2));
        assertThat(selection.summary()).isEqualTo("5 functions taking struct sk_buff *, ignored 2 (2 not in kallsyms)");
    }

    @Test
    void ftraceListWhenReadableDecidesAloneWithoutReadingKallsyms() {
        FunctionSelection selection = load(withFtrace, Set.of(), false).select("sk_buff", ALL);

        assertThat(selection.functions()).extracting(TracedFunction::name)
                .containsExactly("ip_rcv", "ip_rcv_core", "dev_xmit", "sk_fn");
        assertThat(selection.ignored()).as("inlined_fn, data_fn and notrace_fn are not in the list")
                .isEqualTo(Map.of(IgnoreReason.NOT_TRACEABLE, 3));
        assertThat(kallsymsReads).as("kallsyms reads").isZero();
    }

    @Test
    void withoutFtraceListASelectionAsksForKallsymsOnce() {
        load(noFtrace, Set.of(), false).select("sk_buff", ALL);

        assertThat(kallsymsReads).as("kallsyms reads").isEqualTo(1);
    }

    @Test
    void nameFilterMustMatchTheWholeName() {
        FunctionCatalog catalog = load(noFtrace, Set.of(), false);

        assertThat(names(catalog.select("sk_buff", Pattern.compile("ip_rcv")))).containsExactly("ip_rcv");
        assertThat(names(catalog.select("sk_buff", Pattern.compile("^ip_rcv$")))).as("anchors change nothing").containsExactly("ip_rcv");
        assertThat(names(catalog.select("sk_buff", Pattern.compile("ip_rcv.*")))).containsExactly("ip_rcv", "ip_rcv_core");
        assertThat(names(catalog.select("sk_buff", Pattern.compile("ip_rcv_core|dev_xmit")))).containsExactly("ip_rcv_core", "dev_xmit");
        assertThat(names(catalog.select("sk_buff", Pattern.compile(".*(rcv_c|xmit).*")))).containsExactly("ip_rcv_core", "dev_xmit");
        assertThat(catalog.select("sk_buff", Pattern.compile("ip_rcv")).ignored()).as("non-matching ones are not counted").isEmpty();
    }

    @Test
    void partOfANameSelectsNothing() {
        FunctionCatalog catalog = load(noFtrace, Set.of(), false);

        assertThatThrownBy(() -> catalog.select("sk_buff", Pattern.compile("rcv")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("function filter /rcv/ matches none of the 7 kernel functions taking struct sk_buff *")
                .hasMessageEndingWith("it is a regular expression that must match a whole name: ip_rcv selects only ip_rcv,"
                        + " ip_rcv.* also ip_rcv_core, ip_rcv_finish...");
        assertThatThrownBy(() -> catalog.select("sk_buff", Pattern.compile(""))).as("the empty pattern matches only the empty name")
                .isInstanceOf(InvalidPlanException.class);
    }

    @Test
    void positionIsThatOfTheRequestedStruct() {
        FunctionSelection selection = load(noFtrace, Set.of(), false).select("sock", ALL);

        assertThat(selection.functions()).containsExactly(new TracedFunction("sk_fn", 2, null, skFn));
    }

    @Test
    void modulesAreSearchedOnlyWhenAskedFor() {
        var modRcvFunction = new TracedFunction("mod_rcv", 1, "mymod", modRcv);
        Pattern mod = Pattern.compile("mod_.*");

        assertThat(load(withFtrace, Set.of("mymod"), false).select("sk_buff", mod).functions())
                .containsExactly(modRcvFunction);
        assertThat(load(withFtrace, Set.of(), true).select("sk_buff", mod).functions())
                .containsExactly(modRcvFunction);
        assertThatThrownBy(() -> load(withFtrace, Set.of(), false).select("sk_buff", mod))
                .isInstanceOf(InvalidPlanException.class);
    }

    @Test
    void moduleWithoutBtfIsNamedWithThoseThatHaveIt() {
        assertThatThrownBy(() -> load(noFtrace, Set.of("mymod", "nomod"), false))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("no BTF for kernel module nomod")
                .hasMessageEndingWith("modules with BTF: mymod");
    }

    @Test
    void filterMatchingNothingSaysWhatExists() {
        FunctionCatalog catalog = load(noFtrace, Set.of(), false);

        assertThatThrownBy(() -> catalog.select("sk_buff", Pattern.compile("tcp_.*")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("function filter /tcp_.*/ matches none of the 7 kernel functions taking struct sk_buff *")
                .hasMessageContaining("(e.g. data_fn, dev_xmit, inlined_fn, ip_rcv_core, notrace_fn)");
    }

    @Test
    void filterMatchingOnlyUntraceableFunctionsSaysWhy() {
        FunctionCatalog catalog = load(withFtrace, Set.of(), false);

        assertThatThrownBy(() -> catalog.select("sk_buff", Pattern.compile("(inlined|data|notrace)_fn")))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessage("function filter /(inlined|data|notrace)_fn/ matches 3 of the 7 kernel functions taking struct sk_buff *,"
                        + " but none can be traced: 3 not traceable by ftrace");
    }

    @Test
    void structThatNoFunctionTakes() {
        FunctionCatalog catalog = load(noFtrace, Set.of(), false);

        assertThatThrownBy(() -> catalog.select("net_device", ALL))
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageStartingWith("no kernel function takes a struct net_device *");
    }

    private FunctionCatalog load(KernelFiles files, Set<String> kmods, boolean allKmods) {
        return FunctionCatalog.load(files, vmlinux, () -> {
            kallsymsReads++;
            return symbols;
        }, kmods, allKmods);
    }

    private static List<String> names(FunctionSelection selection) {
        return selection.functions().stream().map(TracedFunction::name).toList();
    }
}
