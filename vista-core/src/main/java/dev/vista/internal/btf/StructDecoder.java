package dev.vista.internal.btf;

import dev.vista.event.KernelArray;
import dev.vista.event.KernelScalar;
import dev.vista.event.KernelScalar.Kind;
import dev.vista.event.KernelStruct;
import dev.vista.event.KernelValue;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;

/**
 * Decodes the raw bytes of a kernel struct (copied by the BPF side) into a {@link KernelStruct},
 * walking the struct's BTF as the kernel's bpf_snprintf_btf does: members by their bit offsets,
 * bitfields, nested and anonymous structs and unions, arrays, enums and pointers. Members that lie
 * past the end of the bytes (a copy cut short) are left out. Thread-safe.
 */
public final class StructDecoder {

    /** The kernel's BTF_SHOW_MAX_ITER: how many pointers, arrays and typedefs a type name may stack. */
    private static final int MAX_NAME_ITERATIONS = 10;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Btf btf;

    public StructDecoder(Btf btf) {
        this.btf = btf;
    }

    /** The id of {@code struct name}, for {@link #decode}. */
    public int structId(String name) {
        return btf.findType(BtfKind.STRUCT, name)
                .orElseThrow(() -> new BtfException("%s has no struct %s".formatted(btf, name)));
    }

    /** The struct (or union) of type {@code typeId} held by {@code bytes}. */
    public KernelStruct decode(int typeId, byte[] bytes) {
        int resolved = btf.skipModifiers(typeId);
        BtfKind kind = btf.kind(resolved);
        if (kind != BtfKind.STRUCT && kind != BtfKind.UNION) {
            throw new IllegalArgumentException("type id %d is a %s, not a STRUCT or UNION".formatted(typeId, kind));
        }
        return aggregate(typeName(typeId), resolved, MemorySegment.ofArray(bytes), 0);
    }

    private KernelStruct aggregate(String type, int resolved, MemorySegment data, long byteOffset) {
        var members = new ArrayList<KernelStruct.Member>();
        for (Btf.Member member : btf.members(resolved)) {
            long at = byteOffset + member.bitOffset() / 8;
            int bitShift = member.bitOffset() % 8;
            KernelValue value;
            if (member.bitfieldSize() > 0) {
                if (at + (bitShift + member.bitfieldSize() + 7) / 8 > data.byteSize()) {
                    continue;
                }
                value = bits(typeName(member.typeId()), data, at, bitShift, member.bitfieldSize());
            } else {
                if (at + btf.sizeOf(member.typeId()) > data.byteSize()) {
                    continue;
                }
                value = value(member.typeId(), data, at, bitShift, false);
            }
            members.add(new KernelStruct.Member(member.name(), value));
        }
        return new KernelStruct(type, members);
    }

    /** A value of any type at a byte offset; {@code bitShift} is non-zero only for old-style INT bitfields. */
    private KernelValue value(int typeId, MemorySegment data, long at, int bitShift, boolean inCharArray) {
        String type = typeName(typeId);
        int resolved = btf.skipModifiers(typeId);
        return switch (btf.kind(resolved)) {
            case STRUCT, UNION -> aggregate(type, resolved, data, at);
            case ARRAY -> array(type, resolved, data, at);
            case PTR -> {
                long address = data.get(U64, at);
                yield new KernelScalar(type, Kind.POINTER, address, "0x%016x".formatted(address));
            }
            case ENUM, ENUM64 -> enumValue(type, resolved, data, at);
            case INT -> integer(type, resolved, data, at, bitShift, inCharArray);
            default -> {
                // FLOAT and the like: the kernel's printer has nothing for them either; show the raw bits.
                int size = (int) btf.sizeOf(resolved);
                yield bits(type, data, at, 0, Math.min(size, Long.BYTES) * 8);
            }
        };
    }

    private KernelArray array(String type, int resolved, MemorySegment data, long at) {
        Btf.ArrayInfo info = btf.array(resolved);
        int elementType = btf.skipModifiers(info.elementType());
        long elementSize = btf.sizeOf(elementType);
        boolean chars = btf.kind(elementType) == BtfKind.INT && elementSize == 1;
        var elements = new ArrayList<KernelValue>(info.elements());
        for (int i = 0; i < info.elements(); i++) {
            elements.add(value(info.elementType(), data, at + i * elementSize, 0, chars));
        }
        return new KernelArray(type, elements, chars);
    }

    private KernelScalar enumValue(String type, int resolved, MemorySegment data, long at) {
        int size = (int) btf.sizeOf(resolved);
        boolean signed = btf.isSignedEnum(resolved);
        long value = read(data, at, size, signed);
        for (Btf.EnumValue constant : btf.enumValues(resolved)) {
            if (constant.value() == value || size < Long.BYTES && constant.value() == (value & mask(size * 8))) {
                return new KernelScalar(type, Kind.ENUM, value, constant.name());
            }
        }
        return number(type, value, signed);
    }

    private KernelScalar integer(String type, int resolved, MemorySegment data, long at, int bitShift,
            boolean inCharArray) {
        Btf.IntEncoding encoding = btf.intEncoding(resolved);
        int bits = encoding.bits();
        if (bitShift != 0 || encoding.bitOffset() != 0 || bits % 8 != 0 || bits > Long.SIZE) {
            return bits(type, data, at, bitShift + encoding.bitOffset(), Math.min(bits, Long.SIZE));
        }
        long value = read(data, at, bits / 8, encoding.signed());
        if (inCharArray && value >= 0x20 && value < 0x7f) {
            return new KernelScalar(type, Kind.CHAR, value, "'" + (char) value + "'");
        }
        return number(type, value, encoding.signed());
    }

    private static KernelScalar number(String type, long value, boolean signed) {
        return signed
                ? new KernelScalar(type, Kind.SIGNED, value, Long.toString(value))
                : new KernelScalar(type, Kind.UNSIGNED, value, Long.toUnsignedString(value));
    }

    /** The kernel prints bitfields, and integers that are not whole bytes, in hex. */
    private static KernelScalar bits(String type, MemorySegment data, long at, int bitShift, int bitCount) {
        long value = 0;
        int bytes = Math.min((bitShift + bitCount + 7) / 8, (int) (data.byteSize() - at));
        for (int i = 0; i < bytes; i++) {
            int shift = 8 * i - bitShift;
            long b = data.get(ValueLayout.JAVA_BYTE, at + i) & 0xffL;
            if (shift < Long.SIZE) {
                value |= shift >= 0 ? b << shift : b >>> -shift;
            }
        }
        value &= mask(bitCount);
        return new KernelScalar(type, Kind.BITS, value, "0x" + Long.toHexString(value));
    }

    private static long read(MemorySegment data, long at, int size, boolean signed) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (data.get(ValueLayout.JAVA_BYTE, at + i) & 0xffL) << 8 * i;
        }
        return signed && size < Long.BYTES ? value << (64 - 8 * size) >> (64 - 8 * size) : value;
    }

    private static long mask(int bits) {
        return bits >= Long.SIZE ? -1L : (1L << bits) - 1;
    }

    /**
     * A type's name as the kernel's btf_show_name builds it: a typedef's name wins over what it
     * names and drops the struct/union/enum word, pointers add " *", arrays "[]".
     */
    String typeName(int typeId) {
        int id = btf.skipQualifiers(typeId);
        String name = null;
        boolean typedef = false;
        int pointers = 0;
        int arrays = 0;
        for (int i = 0; i < MAX_NAME_ITERATIONS; i++) {
            int next = switch (btf.kind(id)) {
                case TYPEDEF -> {
                    if (name == null) {
                        name = btf.name(id);
                    }
                    typedef = true;
                    yield btf.referencedType(id);
                }
                case ARRAY -> {
                    arrays++;
                    yield btf.array(id).elementType();
                }
                case PTR -> {
                    pointers++;
                    yield btf.referencedType(id);
                }
                default -> 0;
            };
            if (next == 0) {
                break;
            }
            id = btf.skipQualifiers(next);
        }
        if (name == null) {
            name = btf.name(id);
        }
        String prefix = typedef ? "" : switch (btf.kind(id)) {
            case STRUCT -> "struct";
            case UNION -> "union";
            case ENUM, ENUM64 -> "enum";
            default -> "";
        };
        return prefix + (!prefix.isEmpty() && !name.isEmpty() ? " " : "") + name
                + (pointers > 0 ? " " + "*".repeat(pointers) : "") + "[]".repeat(arrays);
    }
}
