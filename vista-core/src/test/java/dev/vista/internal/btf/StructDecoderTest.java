package dev.vista.internal.btf;

import static dev.vista.internal.btf.BtfKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.event.KernelArray;
import dev.vista.event.KernelScalar;
import dev.vista.event.KernelStruct;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A synthetic struct with every shape the kernel's printer knows, decoded and printed to the letter. */
class StructDecoderTest {

    private static final int UNSIGNED_32 = 32;
    private static final int SIGNED = 1 << 24;
    private static StructDecoder decoder;
    private static int pkt;

    @BeforeAll
    static void build() {
        var b = BtfBlobBuilder.base();
        int uint = b.type(INT, "unsigned int", 0, false, 4, UNSIGNED_32);
        int chr = b.type(INT, "char", 0, false, 1, SIGNED | 8);
        int uchar = b.type(INT, "unsigned char", 0, false, 1, 8);
        int u8 = b.type(TYPEDEF, "__u8", 0, false, uchar);
        int shrt = b.type(INT, "short int", 0, false, 2, SIGNED | 16);
        int ull = b.type(INT, "long long unsigned int", 0, false, 8, 64);
        int netDevice = b.type(STRUCT, "net_device", 0, false, 0);
        int devPtr = b.type(PTR, "", 0, false, netDevice);
        int kind = b.type(ENUM, "pkt_kind", 2, false, 4, b.str("HOST"), 0, b.str("OTHER"), 3);
        int name = b.type(ARRAY, "", 0, false, 0, chr, uint, 8);
        int ids = b.type(ARRAY, "", 0, false, 0, uint, uint, 3);
        int anonStruct = b.type(STRUCT, "", 2, false, 8, b.str("a"), uint, 0, b.str("b"), shrt, 32);
        int anonUnion = b.type(UNION, "", 2, false, 8, 0, anonStruct, 0, b.str("whole"), ull, 0);
        int inner = b.type(STRUCT, "inner", 2, false, 8, b.str("x"), uint, 0, b.str("y"), uint, 32);
        int refcount = b.type(STRUCT, "refcount_struct", 1, false, 4, b.str("refs"), uint, 0);
        int refcountT = b.type(TYPEDEF, "refcount_t", 0, false, refcount);
        int volatileUint = b.type(VOLATILE, "", 0, false, uint);
        pkt = b.type(STRUCT, "pkt", 14, true, 84,
                b.str("len"), uint, 0,
                b.str("zero"), volatileUint, 32,
                0, anonUnion, 64,
                b.str("pkt_type"), u8, 3 << 24 | 128,
                b.str("cloned"), u8, 1 << 24 | 131,
                b.str("nohdr"), u8, 1 << 24 | 132,
                b.str("kind"), kind, 160,
                b.str("kind0"), kind, 192,
                b.str("dev"), devPtr, 256,
                b.str("name"), name, 320,
                b.str("ids"), ids, 384,
                b.str("empty"), inner, 480,
                b.str("hdr"), inner, 544,
                b.str("users"), refcountT, 608);
        decoder = new StructDecoder(b.parse(null));
    }

    private static byte[] bytes() {
        ByteBuffer data = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, 98);
        data.putInt(8, 1).putShort(12, (short) -2);
        data.put(16, (byte) (4 | 1 << 3)); // pkt_type = 4, cloned = 1, nohdr = 0
        data.putInt(20, 3).putInt(24, 0);
        data.putLong(32, 0xffff888012345600L);
        data.put(40, (byte) 'e').put(41, (byte) 't').put(42, (byte) 'h').put(43, (byte) '0').put(45, (byte) 'x');
        data.putInt(48, 7).putInt(52, 0).putInt(56, 9);
        data.putInt(68, 5);
        data.putInt(76, 1);
        return data.array();
    }

    @Test
    void printsAsTheKernelHelperDoes() {
        assertThat(decoder.decode(pkt, bytes()).toString()).isEqualTo("""
                (struct pkt){
                 .len = (unsigned int)98,
                 (union){
                  (struct){
                   .a = (unsigned int)1,
                   .b = (short int)-2,
                  },
                  .whole = (long long unsigned int)281466386776065,
                 },
                 .pkt_type = (__u8)0x4,
                 .cloned = (__u8)0x1,
                 .kind = (enum pkt_kind)OTHER,
                 .kind0 = (enum pkt_kind)HOST,
                 .dev = (struct net_device *)0xffff888012345600,
                 .name = (char[])[
                  'e',
                  't',
                  'h',
                  '0',
                 ],
                 .ids = (unsigned int[])[
                  7,
                  9,
                 ],
                 .hdr = (struct inner){
                  .x = (unsigned int)5,
                 },
                 .users = (refcount_t){
                  .refs = (unsigned int)1,
                 },
                }""");
    }

    @Test
    void answersFieldPathsWithZeroFieldsIncluded() {
        KernelStruct s = decoder.decode(pkt, bytes());
        assertThat(s.getLong("len")).isEqualTo(98);
        assertThat(s.getLong("zero")).isZero();
        assertThat(s.getLong("a")).isEqualTo(1);
        assertThat(s.getLong("b")).isEqualTo(-2);
        assertThat(s.getLong("pkt_type")).isEqualTo(4);
        assertThat(s.getLong("nohdr")).isZero();
        assertThat(s.get("kind")).isEqualTo(new KernelScalar("enum pkt_kind", KernelScalar.Kind.ENUM, 3, "OTHER"));
        assertThat(s.getLong("dev")).isEqualTo(0xffff888012345600L);
        assertThat(s.get("dev").type()).isEqualTo("struct net_device *");
        assertThat(((KernelArray) s.get("name")).string()).isEqualTo("eth0");
        assertThat(s.getLong("ids[2]")).isEqualTo(9);
        assertThat(s.getLong("hdr.x")).isEqualTo(5);
        assertThat(s.getLong("empty.y")).isZero();
        assertThat(s.getLong("users.refs")).isEqualTo(1);
        assertThatThrownBy(() -> s.get("hdr.z")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("hdr.z: struct inner has no member named 'z'");
        assertThatThrownBy(() -> s.get("len.x")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("len.x: len is a unsigned int, which has no members");
        assertThatThrownBy(() -> s.get("ids[3]")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("ids[3]: index 3 is outside the 3 elements of a unsigned int[]");
    }

    @Test
    void leavesOutMembersPastTheEndOfAShortCopy() {
        byte[] cut = java.util.Arrays.copyOf(bytes(), 40);
        KernelStruct s = decoder.decode(pkt, cut);
        assertThat(s.getLong("dev")).isEqualTo(0xffff888012345600L);
        assertThat(s.find("name")).isEmpty();
        assertThat(s.toString()).endsWith(" .dev = (struct net_device *)0xffff888012345600,\n}");
    }

    @Test
    void refusesATypeThatIsNotAStruct() {
        assertThatThrownBy(() -> decoder.decode(1, new byte[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type id 1 is a INT, not a STRUCT or UNION");
    }
}
