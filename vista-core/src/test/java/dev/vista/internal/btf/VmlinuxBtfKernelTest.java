package dev.vista.internal.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vista.internal.btf.Btf.EnumValue;
import dev.vista.internal.btf.Btf.FunctionArg;
import dev.vista.internal.cache.IndexCache;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running kernel's BTF, checked against what bpftool reads from the same file. */
@Tag("kernel")
class VmlinuxBtfKernelTest {

    private static Btf btf;

    @BeforeAll
    static void load() {
        assertThat(Btf.VMLINUX).as("kernel BTF (CONFIG_DEBUG_INFO_BTF)").isReadable();
        btf = Btf.vmlinux();
    }

    @Test
    void knowsWhichTracepointsExist() {
        assertThat(btf.hasTypedef("btf_trace_kfree_skb")).isTrue();
        assertThat(btf.hasTypedef("btf_trace_no_such_tracepoint")).isFalse();
    }

    @Test
    void readsDropReasonsAsBpftoolDoes() throws IOException, InterruptedException {
        List<EnumValue> reasons = btf.enumValues("skb_drop_reason");
        assertThat(reasons).contains(new EnumValue("SKB_DROP_REASON_NOT_SPECIFIED", 2));
        assertThat(reasons).extracting(EnumValue::name)
                .contains("SKB_DROP_REASON_NO_SOCKET", "SKB_DROP_REASON_NETFILTER_DROP");
        assertThat(reasons).isEqualTo(bpftoolEnum("skb_drop_reason"));
    }

    @Test
    void findsFunctionsTakingAnSkb() {
        List<FunctionArg> functions = btf.functionsTakingPointerTo("sk_buff", 5);
        assertThat(functions).extracting(FunctionArg::function, FunctionArg::position)
                .contains(tuple("ip_rcv", 0), tuple("tcp_v4_rcv", 0));
        int ipRcv = btf.findType(BtfKind.FUNC, "ip_rcv").orElseThrow();
        assertThat(functions).contains(new FunctionArg(ipRcv, "ip_rcv", 0));
        assertThat(btf.isPointerToStruct(btf.params(ipRcv).getFirst().typeId(), "sk_buff")).isTrue();
    }

    @Test
    void readBackFromAnIndexCacheItAnswersAsWhenJustParsed(@TempDir Path dir) {
        IndexCache cache = IndexCache.in(dir);
        Btf.vmlinux(cache).functionsTakingPointerTo("sk_buff", 5);
        assertThat(cache.takeNotes()).hasSize(2).allMatch(note -> note.startsWith("wrote"));

        Btf cached = Btf.vmlinux(cache);

        assertThat(cached.functionsTakingPointerTo("sk_buff", 5)).isEqualTo(btf.functionsTakingPointerTo("sk_buff", 5));
        assertThat(cache.takeNotes()).hasSize(2).allMatch(note -> note.startsWith("read"));
        assertThat(cached.lastTypeId()).isEqualTo(btf.lastTypeId());
        for (String struct : List.of("sk_buff", "sock", "net_device", "skb_shared_info")) {
            assertThat(cached.findType(BtfKind.STRUCT, struct)).as(struct)
                    .isEqualTo(btf.findType(BtfKind.STRUCT, struct));
        }
        assertThat(cached.enumValues("skb_drop_reason")).isEqualTo(btf.enumValues("skb_drop_reason"));
        assertThat(cached.hasTypedef("btf_trace_kfree_skb")).isTrue();
    }

    /** The constants of an enum in bpftool's C dump: "\tNAME = VALUE," lines up to "};". */
    private static List<EnumValue> bpftoolEnum(String name) throws IOException, InterruptedException {
        Process bpftool = new ProcessBuilder("bpftool", "btf", "dump", "file", Btf.VMLINUX.toString(), "format", "c")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dump = new String(bpftool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bpftool.waitFor()).as("bpftool exit status").isZero();
        int start = dump.indexOf("\nenum " + name + " {\n");
        assertThat(start).as("enum %s in bpftool's dump", name).isNotNegative();
        String body = dump.substring(start, dump.indexOf("\n};", start));
        Matcher constant = Pattern.compile("\t(\\w+) = (-?\\d+),").matcher(body);
        return constant.results()
                .map(m -> new EnumValue(m.group(1), new BigInteger(m.group(2)).longValue())) // unsigned 64-bit wraps, as in Btf
                .toList();
    }
}
