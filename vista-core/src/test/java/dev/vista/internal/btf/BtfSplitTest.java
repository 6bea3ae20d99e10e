package dev.vista.internal.btf;

import static dev.vista.internal.btf.BtfKind.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.btf.Btf.FunctionArg;
import org.junit.jupiter.api.Test;

/** Split BTF continues its base's type ids and string offsets and resolves through the base. */
class BtfSplitTest {

    @Test
    void splitBlobContinuesItsBase() {
        var baseBlob = BtfBlobBuilder.base();
        baseBlob.type(INT, "int", 0, false, 4, 32); // 1
        baseBlob.type(STRUCT, "sk_buff", 1, false, 4, baseBlob.str("len"), 1, 0); // 2
        baseBlob.type(PTR, "", 0, false, 2); // 3
        var splitBlob = baseBlob.split();
        Btf base = baseBlob.parse(null);

        splitBlob.type(FUNC_PROTO, "", 2, false, 1, splitBlob.str("dev"), 1, splitBlob.str("skb"), 3); // 4
        splitBlob.type(FUNC, "mod_rcv", 0, false, 4); // 5
        splitBlob.type(TYPEDEF, "btf_trace_mod_event", 0, false, 3); // 6
        int len = baseBlob.str("len");
        splitBlob.type(STRUCT, "", 1, false, 4, len, 1, 0); // 7: its member's name lives in the base
        Btf split = splitBlob.parse(base);

        assertThat(split.firstTypeId()).isEqualTo(4);
        assertThat(split.lastTypeId()).isEqualTo(7);
        assertThat(split.kind(2)).isEqualTo(STRUCT);
        assertThat(split.name(5)).isEqualTo("mod_rcv");
        assertThat(split.params(5)).containsExactly(new Btf.Param("dev", 1), new Btf.Param("skb", 3));
        assertThat(split.findType(STRUCT, "sk_buff")).as("found in the base").hasValue(2);
        assertThat(split.findType(FUNC, "mod_rcv")).hasValue(5);
        assertThat(split.hasTypedef("btf_trace_mod_event")).isTrue();
        assertThat(base.hasTypedef("btf_trace_mod_event")).isFalse();
        assertThat(split.typeIds(STRUCT)).as("own types only").containsExactly(7);
        assertThat(split.functionsTakingPointerTo("sk_buff", 5)).containsExactly(new FunctionArg(5, "mod_rcv", 1));
    }
}
