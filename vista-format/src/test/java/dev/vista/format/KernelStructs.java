package dev.vista.format;

import dev.vista.event.KernelArray;
import dev.vista.event.KernelScalar;
import dev.vista.event.KernelScalar.Kind;
import dev.vista.event.KernelStruct;
import dev.vista.event.KernelStruct.Member;
import java.util.List;

/** Small decoded structs, as the core's BTF decoder makes them, for the formatters' tests. */
final class KernelStructs {
    static final long DEV = 0xffff888012345600L;

    private KernelStructs() {
    }

    /**
     * An sk_buff-like struct with an anonymous union, zero members, a bitfield, a char array, an enum and a
     * nested struct.
     */
    static KernelStruct skb() {
        return new KernelStruct("struct sk_buff", List.of(
                new Member("", new KernelStruct("union", List.of(
                        new Member("dev", new KernelScalar("struct net_device *", Kind.POINTER, DEV,
                                "0x%016x".formatted(DEV))),
                        new Member("dev_scratch", new KernelScalar("long unsigned int", Kind.UNSIGNED, DEV,
                                Long.toUnsignedString(DEV)))))),
                new Member("len", new KernelScalar("unsigned int", Kind.UNSIGNED, 98, "98")),
                new Member("data_len", new KernelScalar("unsigned int", Kind.UNSIGNED, 0, "0")),
                new Member("pkt_type", new KernelScalar("__u8", Kind.BITS, 3, "0x3")),
                new Member("cb", new KernelArray("char[]", List.of(new KernelScalar("char", Kind.CHAR, 'a', "'a'"),
                        new KernelScalar("char", Kind.SIGNED, 0, "0")), true)),
                new Member("state", new KernelScalar("enum skb_state", Kind.ENUM, 0, "SKB_NONE")),
                new Member("headers", new KernelStruct("struct", List.of(
                        new Member("protocol", new KernelScalar("__be16", Kind.UNSIGNED, 8, "8")))))));
    }
}
