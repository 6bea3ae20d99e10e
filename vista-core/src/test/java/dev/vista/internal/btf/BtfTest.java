package dev.vista.internal.btf;

import static dev.vista.internal.btf.BtfKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.internal.btf.Btf.EnumValue;
import dev.vista.internal.btf.Btf.FunctionArg;
import dev.vista.internal.btf.Btf.Param;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every accessor on a blob that holds every kind, so a wrong trailing size for any kind shifts all later types. */
class BtfTest {

    private static final int SIGNED_32_BIT_INT = 1 << 24 | 32;
    private static Btf btf;

    @BeforeAll
    static void build() {
        var b = BtfBlobBuilder.base();
        b.type(INT, "int", 0, false, 4, SIGNED_32_BIT_INT); // 1
        b.type(STRUCT, "sk_buff", 2, false, 16, b.str("len"), 1, 0, b.str("next"), 3, 64); // 2
        b.type(PTR, "", 0, false, 2); // 3
        b.type(UNION, "u", 1, false, 4, b.str("a"), 1, 0); // 4
        b.type(ENUM, "color", 2, true, 4, b.str("RED"), -1, b.str("BLUE"), 2); // 5
        b.type(ENUM, "flags", 1, false, 4, b.str("ALL"), -1); // 6
        b.type(ENUM64, "big", 2, false, 8, b.str("HUGE"), 1, 0xffffffff, b.str("SMALL"), 7, 0); // 7
        b.type(FWD, "sock", 0, false, 0); // 8: struct sock;
        b.type(FWD, "uu", 0, true, 0); // 9: union uu;
        b.type(TYPEDEF, "skb_t", 0, false, 2); // 10
        b.type(VOLATILE, "", 0, false, 10); // 11
        b.type(CONST, "", 0, false, 11); // 12
        b.type(RESTRICT, "", 0, false, 3); // 13
        b.type(PTR, "", 0, false, 12); // 14: const volatile skb_t *
        b.type(FUNC_PROTO, "", 2, false, 1, b.str("x"), 1, b.str("skb"), 14); // 15
        b.type(FUNC, "ip_rcv", 1, false, 15); // 16
        b.type(ARRAY, "", 0, false, 0, 1, 1, 4); // 17
        b.type(VAR, "v", 0, false, 1, 1); // 18
        b.type(DATASEC, ".data", 1, false, 4, 18, 0, 4); // 19
        b.type(FLOAT, "double", 0, false, 8); // 20
        b.type(DECL_TAG, "tag", 0, false, 16, -1); // 21
        b.type(TYPE_TAG, "user", 0, false, 2); // 22
        b.type(PTR, "", 0, false, 22); // 23
        b.type(PTR, "", 0, false, 8); // 24
        b.type(PTR, "", 0, false, 9); // 25
        b.type(FUNC_PROTO, "", 4, false, 0, b.str("a"), 1, b.str("u"), 25, b.str("s"), 24, 0, 0); // 26
        b.type(FUNC, "sock_fn", 1, false, 26); // 27
        b.type(FUNC_PROTO, "", 3, false, 0, b.str("a"), 1, b.str("b"), 1, b.str("skb"), 23); // 28
        b.type(FUNC, "late", 0, false, 28); // 29
        b.type(FUNC_PROTO, "", 1, false, 0, b.str("p"), 13); // 30
        b.type(FUNC, "restricted", 0, false, 30); // 31
        b.type(TYPEDEF, "btf_trace_kfree_skb", 0, false, 3); // 32
        b.type(TYPEDEF, "skb_t", 0, false, 3); // 33: a second skb_t
        btf = b.parse(null);
    }

    @Test
    void walksEveryKind() {
        assertThat(btf.firstTypeId()).isEqualTo(1);
        assertThat(btf.lastTypeId()).isEqualTo(33);
        assertThat(IntStream.rangeClosed(0, 33).mapToObj(btf::kind)).containsExactly(
                UNKN, INT, STRUCT, PTR, UNION, ENUM, ENUM, ENUM64, FWD, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, PTR,
                FUNC_PROTO, FUNC, ARRAY, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, PTR, PTR, PTR, FUNC_PROTO, FUNC,
                FUNC_PROTO, FUNC, FUNC_PROTO, FUNC, TYPEDEF, TYPEDEF);
        assertThat(IntStream.of(0, 1, 2, 3, 7, 16, 19, 20, 21, 22, 32).mapToObj(btf::name)).containsExactly(
                "", "int", "sk_buff", "", "big", "ip_rcv", ".data", "double", "tag", "user", "btf_trace_kfree_skb");
        assertThatThrownBy(() -> btf.kind(34)).isInstanceOf(BtfException.class).hasMessageContaining("test blob: type id 34");
    }

    @Test
    void followsReferences() {
        assertThat(IntStream.of(3, 10, 11, 12, 13, 15, 16, 18, 21, 22).map(btf::referencedType))
                .containsExactly(2, 2, 10, 11, 3, 1, 15, 1, 16, 2);
        assertThatThrownBy(() -> btf.referencedType(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTypesByKindAndName() {
        assertThat(btf.findType(STRUCT, "sk_buff")).hasValue(2);
        assertThat(btf.findType(TYPEDEF, "sk_buff")).isEmpty();
        assertThat(btf.findType(ENUM64, "big")).hasValue(7);
        assertThat(btf.findType(TYPEDEF, "skb_t")).as("first of duplicates").hasValue(10);
        assertThat(btf.findType(FUNC, "ip_rc")).isEmpty();
        assertThat(btf.hasTypedef("btf_trace_kfree_skb")).isTrue();
        assertThat(btf.hasTypedef("btf_trace_kfree")).isFalse();
        assertThat(btf.hasTypedef("ip_rcv")).isFalse();
        assertThat(btf.typeIds(FUNC)).containsExactly(16, 27, 29, 31);
    }

    @Test
    void readsEnumValuesWithTheirSignedness() {
        assertThat(btf.enumValues("color")).containsExactly(new EnumValue("RED", -1), new EnumValue("BLUE", 2));
        assertThat(btf.enumValues("flags")).containsExactly(new EnumValue("ALL", 0xffffffffL));
        assertThat(btf.enumValues("big"))
                .containsExactly(new EnumValue("HUGE", 0xffffffff00000001L), new EnumValue("SMALL", 7));
        assertThat(btf.enumValues(5)).isEqualTo(btf.enumValues("color"));
        assertThat(btf.enumValues("missing")).isEmpty();
        assertThatThrownBy(() -> btf.enumValues(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsParametersOfFunctionsAndPrototypes() {
        List<Param> expected = List.of(new Param("x", 1), new Param("skb", 14));
        assertThat(btf.params(16)).isEqualTo(expected);
        assertThat(btf.params(15)).isEqualTo(expected);
        assertThat(btf.params(27)).as("varargs").last().isEqualTo(new Param("", 0));
        assertThatThrownBy(() -> btf.params(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recognisesPointersToNamedStructsThroughModifiers() {
        assertThat(btf.isPointerToStruct(3, "sk_buff")).isTrue();
        assertThat(btf.isPointerToStruct(14, "sk_buff")).as("const volatile typedef").isTrue();
        assertThat(btf.isPointerToStruct(13, "sk_buff")).as("restrict pointer").isTrue();
        assertThat(btf.isPointerToStruct(23, "sk_buff")).as("type tag").isTrue();
        assertThat(btf.isPointerToStruct(24, "sock")).as("forward-declared struct").isTrue();
        assertThat(btf.isPointerToStruct(25, "uu")).as("forward-declared union").isFalse();
        assertThat(btf.isPointerToStruct(2, "sk_buff")).as("the struct, not a pointer").isFalse();
        assertThat(btf.isPointerToStruct(3, "sk_buf")).isFalse();
        assertThat(btf.isPointerToStruct(1, "int")).isFalse();
        assertThat(btf.isPointerToStruct(0, "sk_buff")).isFalse();
    }

    @Test
    void findsFunctionsTakingAPointerToAStruct() {
        assertThat(btf.functionsTakingPointerTo("sk_buff", 5)).containsExactly(
                new FunctionArg(16, "ip_rcv", 1), new FunctionArg(29, "late", 2), new FunctionArg(31, "restricted", 0));
        assertThat(btf.functionsTakingPointerTo("sk_buff", 2))
                .containsExactly(new FunctionArg(16, "ip_rcv", 1), new FunctionArg(31, "restricted", 0));
        assertThat(btf.functionsTakingPointerTo("sock", 5)).containsExactly(new FunctionArg(27, "sock_fn", 2));
        assertThat(btf.functionsTakingPointerTo("u", 5)).isEmpty();
    }
}
