package dev.vista.internal.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.KernelStruct;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code struct sk_buff} of the running kernel's layout, filled by hand at the offsets its BTF
 * gives (a plain test: reading /sys/kernel/btf/vmlinux needs no privilege), decoded and printed.
 */
class SkBuffDecodeTest {

    private static Btf btf;
    private static int skBuff;

    @BeforeAll
    static void load() {
        assertThat(Btf.VMLINUX).as("kernel BTF (CONFIG_DEBUG_INFO_BTF)").isReadable();
        btf = Btf.vmlinux();
        skBuff = btf.findType(BtfKind.STRUCT, "sk_buff").orElseThrow();
    }

    /** Where a member is, in bits from the struct's start, looking into anonymous members as C does. */
    private static Optional<Btf.Member> locate(int structId, String name, int baseBits) {
        for (Btf.Member m : btf.members(structId)) {
            if (m.name().equals(name)) {
                return Optional.of(new Btf.Member(name, m.typeId(), baseBits + m.bitOffset(), m.bitfieldSize()));
            }
            int type = btf.skipModifiers(m.typeId());
            if (m.name().isEmpty() && (btf.kind(type) == BtfKind.STRUCT || btf.kind(type) == BtfKind.UNION)) {
                Optional<Btf.Member> inner = locate(type, name, baseBits + m.bitOffset());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static void put(byte[] bytes, String member, long value) {
        Btf.Member m = locate(skBuff, member, 0).orElseThrow();
        int bits = m.bitfieldSize() > 0 ? m.bitfieldSize() : (int) btf.sizeOf(m.typeId()) * 8;
        for (int bit = 0; bit < bits; bit++) {
            int at = m.bitOffset() + bit;
            if ((value >>> bit & 1) != 0) {
                bytes[at / 8] |= (byte) (1 << at % 8);
            }
        }
    }

    @Test
    void findsFieldsSetAtTheirKernelOffsets() {
        byte[] bytes = new byte[(int) btf.sizeOf(skBuff)];
        put(bytes, "len", 98);
        put(bytes, "protocol", 0x0008); // htons(ETH_P_IP) as the kernel stores it
        put(bytes, "pkt_type", 3); // PACKET_OTHERHOST: a bitfield
        put(bytes, "mark", 0x2a);
        put(bytes, "dev", 0xffff888012345600L);

        KernelStruct skb = new StructDecoder(btf).decode(skBuff, bytes);

        assertThat(skb.type()).isEqualTo("struct sk_buff");
        assertThat(skb.getLong("len")).isEqualTo(98);
        assertThat(skb.getLong("protocol")).isEqualTo(8);
        assertThat(skb.getLong("headers.protocol")).isEqualTo(8);
        assertThat(skb.getLong("pkt_type")).isEqualTo(3);
        assertThat(skb.getLong("mark")).isEqualTo(0x2a);
        assertThat(skb.getLong("dev")).isEqualTo(0xffff888012345600L);
        assertThat(skb.getLong("data_len")).isZero();
        String text = skb.toString();
        assertThat(text).startsWith("(struct sk_buff){\n").endsWith("\n}")
                .contains(".len = (unsigned int)98,\n", ".protocol = (__be16)8,\n", ".pkt_type = (__u8)0x3,\n",
                        ".mark = (__u32)42,\n", ".dev = (struct net_device *)0xffff888012345600,\n")
                .doesNotContain(".data_len");
    }
}
