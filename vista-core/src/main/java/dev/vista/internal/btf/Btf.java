package dev.vista.internal.btf;

import dev.vista.internal.cache.ContentKey;
import dev.vista.internal.cache.IndexCache;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Kernel BTF parsed in place from the bytes of a file (see the kernel's Documentation/bpf/btf.rst),
 * without libbpf. Types are kept as an array of offsets into the data, not as objects, and names
 * are read only when asked for. The data is a plain byte array read with shifts, not a
 * MemorySegment: start-up runs this code before the JIT has compiled it (seconds under emulation),
 * and the interpreter pays for every layer of a segment access.
 *
 * <p>A split BTF (a module's {@code /sys/kernel/btf/<module>}) continues its base: its type ids
 * start after the base's last id and its string offsets after the base's string section; every
 * accessor resolves ids and names through the base as well. Instances are immutable and
 * thread-safe.
 */
public final class Btf {
    public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    /** {@code struct btf_type}: name_off, info, size/type; kind-specific data follows. */
    private static final int TYPE_HEADER_WORDS = 3;
    /** The kernel's MAX_RESOLVE_DEPTH: longer modifier chains mean a loop in corrupt data. */
    private static final int MAX_RESOLVE_DEPTH = 32;
    private static final int KIND_MASK = 0x1f << 24; // of a type's info word
    private static final byte POINTS_TO = 1;
    private static final byte NOT = 2;
    /** The {@link IndexCache} kind of {@link #offsets} and the name index. */
    private static final String TYPE_INDEX = "btf-types";
    /** The kind of {@link #functionsTakingPointerTo}'s result, before the struct's name and the argument count. */
    private static final String ARGS_INDEX = "btf-args-";
    /** A C identifier: what a struct name must be to name a cache file. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public record Param(String name, int typeId) {}

    /** An ENUM or ENUM64 constant; values of unsigned 64-bit enums above Long.MAX_VALUE wrap. */
    public record EnumValue(String name, long value) {}

    /** A FUNC and the 0-based position of the parameter that matched. */
    public record FunctionArg(int funcId, String function, int position) {}

    /**
     * A STRUCT or UNION member; {@code bitfieldSize} is 0 unless the member is a bitfield declared
     * through the struct's kind_flag (older BTF encodes bitfields in the member's INT type instead).
     */
    public record Member(String name, int typeId, int bitOffset, int bitfieldSize) {}

    /** An ARRAY's element type and element count. */
    public record ArrayInfo(int elementType, int elements) {}

    /** An INT's encoding: value bits, their offset inside the storage, and its BTF_INT_* flags. */
    public record IntEncoding(int bits, int bitOffset, boolean signed, boolean isChar, boolean isBool) {}

    private final String source;
    private final byte[] data;
    private final Btf base;
    private final int firstId;
    /** offsets[i] is the position in data of type firstId + i. */
    private final int[] offsets;
    /** String offsets below this belong to the base; 0 for a base BTF. */
    private final long firstStrOff;
    private final long strStart;
    private final long strLen;
    private final NameIndex index;
    private final IndexCache cache;
    /** The key of this BTF's content (and its base's) in {@link #cache}; null when there is no cache. */
    private final ContentKey key;

    private Btf(String source, byte[] data, Btf base, IndexCache cache) {
        this.source = source;
        this.data = data;
        this.base = base;
        this.firstId = base == null ? 1 : base.lastTypeId() + 1;
        this.firstStrOff = base == null ? 0 : base.firstStrOff + base.strLen;
        BtfHeader header = BtfHeader.parse(source, data);
        this.strStart = header.strStart();
        this.strLen = header.strLen();
        checkStrings();
        this.cache = cache;
        ContentKey own = cache.keyOf(data);
        this.key = own == null || base == null ? own : own.onTopOf(base.key);
        long typeStart = header.typeStart();
        long typeEnd = typeStart + header.typeLen();
        int[][] cached = key == null ? null : cache.load(TYPE_INDEX, key, 2);
        if (cached != null && fits(cached[0], typeStart, typeEnd) && NameIndex.fits(cached[1], cached[0].length)) {
            this.offsets = cached[0];
            this.index = new NameIndex(this, cached[1]);
        } else {
            this.offsets = scanTypes(typeStart, typeEnd);
            this.index = NameIndex.build(this, data, offsets, firstId, firstStrOff, (int) strStart, (int) strLen);
            if (key != null) {
                cache.store(TYPE_INDEX, key, offsets, index.slots());
            }
        }
    }

    /** A base BTF file such as {@link #VMLINUX}, its indexes made anew. */
    public static Btf load(Path file) {
        return load(file, IndexCache.NONE);
    }

    /** A base BTF file such as {@link #VMLINUX}, its indexes read from {@code cache} when made before. */
    public static Btf load(Path file, IndexCache cache) {
        return new Btf(file.toString(), read(file), null, cache);
    }

    /** A module's split BTF on top of {@code base} (normally {@link #vmlinux()}), indexed in the base's cache. */
    public static Btf loadSplit(Path file, Btf base) {
        Objects.requireNonNull(base, "base");
        return new Btf(file.toString(), read(file), base, base.cache);
    }

    /** The running kernel's BTF, parsed anew on each call. */
    public static Btf vmlinux() {
        return load(VMLINUX);
    }

    /** The running kernel's BTF, parsed on each call, with the indexes of {@code cache} if made before. */
    public static Btf vmlinux(IndexCache cache) {
        return load(VMLINUX, cache);
    }

    /**
     * BTF from bytes already in memory (copied); {@code source} names them in error messages, {@code base}
     * is null unless the data is split BTF.
     */
    public static Btf parse(String source, MemorySegment data, Btf base) {
        if (data.byteSize() > Integer.MAX_VALUE) {
            throw new BtfException("%s: %d bytes is too large for BTF".formatted(source, data.byteSize()));
        }
        return new Btf(source, data.toArray(ValueLayout.JAVA_BYTE), base, IndexCache.NONE);
    }

    /** Where this BTF's indexes (and those of what is read alongside it, such as ftrace's list) are kept. */
    public IndexCache indexCache() {
        return cache;
    }

    /** The key of this BTF's content (and its base's) in {@link #indexCache()}; null when that is none. */
    public ContentKey contentKey() {
        return key;
    }

    public int firstTypeId() {
        return firstId;
    }

    public int lastTypeId() {
        return firstId + offsets.length - 1;
    }

    /** The kind of a type; {@link BtfKind#UNKN} for id 0 (void). */
    public BtfKind kind(int id) {
        return id == 0 ? BtfKind.UNKN : BtfKind.ofCode(info(id) >>> 24 & 0x1f);
    }

    /** A type's name, empty for anonymous types and void. */
    public String name(int id) {
        return id == 0 ? "" : string(word(id, 0));
    }

    /**
     * The type that a PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC (its FUNC_PROTO),
     * FUNC_PROTO (its return type), VAR or DECL_TAG refers to.
     */
    public int referencedType(int id) {
        return switch (kind(id)) {
            case PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC, FUNC_PROTO, VAR, DECL_TAG -> word(id, 2);
            default -> throw new IllegalArgumentException("type id %d is a %s, which refers to no type".formatted(id, kind(id)));
        };
    }

    /** The members of a STRUCT or UNION in declaration order. */
    public List<Member> members(int id) {
        BtfKind kind = kind(id);
        if (kind != BtfKind.STRUCT && kind != BtfKind.UNION) {
            throw new IllegalArgumentException("type id %d is a %s, not a STRUCT or UNION".formatted(id, kind));
        }
        boolean kindFlag = info(id) < 0;
        int n = vlen(id);
        var members = new ArrayList<Member>(n);
        for (int i = 0; i < n; i++) {
            int offset = word(id, memberWord(i) + 2);
            members.add(new Member(string(memberNameOffset(id, i)), memberType(id, i),
                    kindFlag ? offset & 0xffffff : offset, kindFlag ? offset >>> 24 : 0));
        }
        return members;
    }

    /** Member {@code i}'s name offset, without making a {@link Member}: for walks that run in the interpreter. */
    int memberNameOffset(int id, int i) {
        return word(id, memberWord(i));
    }

    /** Member {@code i}'s type, without making a {@link Member}. */
    int memberType(int id, int i) {
        return word(id, memberWord(i) + 1);
    }

    /** Where member {@code i} starts in its type's record: {@code btf_member} is {name_off, type, offset}. */
    static int memberWord(int i) {
        return TYPE_HEADER_WORDS + 3 * i;
    }

    /** An ARRAY's element type and count. */
    public ArrayInfo array(int id) {
        if (kind(id) != BtfKind.ARRAY) {
            throw new IllegalArgumentException("type id %d is a %s, not an ARRAY".formatted(id, kind(id)));
        }
        // btf_array is {type, index_type, nelems}.
        return new ArrayInfo(word(id, TYPE_HEADER_WORDS), word(id, TYPE_HEADER_WORDS + 2));
    }

    /** An INT's encoding word. */
    public IntEncoding intEncoding(int id) {
        if (kind(id) != BtfKind.INT) {
            throw new IllegalArgumentException("type id %d is a %s, not an INT".formatted(id, kind(id)));
        }
        int encoding = word(id, TYPE_HEADER_WORDS);
        int flags = encoding >>> 24 & 0x0f;
        return new IntEncoding(encoding & 0xff, encoding >>> 16 & 0xff, (flags & 1) != 0, (flags & 2) != 0,
                (flags & 4) != 0);
    }

    /** Whether an ENUM's or ENUM64's values are signed (its kind_flag). */
    public boolean isSignedEnum(int id) {
        return info(id) < 0;
    }

    /** The size in bytes of a value of this type, through typedefs, qualifiers and arrays; pointers are 8 bytes. */
    public long sizeOf(int id) {
        int resolved = skipModifiers(id);
        return switch (kind(resolved)) {
            case INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC -> Integer.toUnsignedLong(word(resolved, 2));
            case PTR -> Long.BYTES;
            case ARRAY -> {
                ArrayInfo array = array(resolved);
                yield Integer.toUnsignedLong(array.elements()) * sizeOf(array.elementType());
            }
            default -> throw new IllegalArgumentException(
                    "type id %d is a %s, which has no size".formatted(id, kind(resolved)));
        };
    }

    /** The type behind typedefs and qualifiers (const, volatile, restrict, type tags). */
    public int skipModifiers(int id) {
        for (int depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
            if (!kind(id).isModifier()) {
                return id;
            }
            id = referencedType(id);
        }
        throw new BtfException("%s: type id %d: modifier chain longer than %d (a loop?)".formatted(source, id, MAX_RESOLVE_DEPTH));
    }

    /** The type behind qualifiers (const, volatile, restrict, type tags) but not typedefs. */
    public int skipQualifiers(int id) {
        for (int depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
            if (!kind(id).isModifier() || kind(id) == BtfKind.TYPEDEF) {
                return id;
            }
            id = referencedType(id);
        }
        throw new BtfException("%s: type id %d: qualifier chain longer than %d (a loop?)"
                .formatted(source, id, MAX_RESOLVE_DEPTH));
    }

    /** Ids of this BTF's own types of one kind (for split BTF: the module's, not the base's). */
    public IntStream typeIds(BtfKind kind) {
        return IntStream.rangeClosed(firstId, lastTypeId()).filter(id -> kind(id) == kind);
    }

    /** The first type of this kind and name, searching the base first, as libbpf does. */
    public OptionalInt findType(BtfKind kind, String name) {
        int id = find(kind, cString(name));
        return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Every own type of this kind and name, in id order (a kernel's BTF may hold a name twice). */
    int[] findAll(BtfKind kind, String name) {
        return index.findAll(kind, cString(name));
    }

    /**
     * The id of the typedef {@code btf_trace_<tracepoint>}, which the kernel declares for each of its tracepoints
     * (and which a tp_btf program attaches by); empty if the kernel has no such tracepoint.
     */
    public OptionalInt tracepointType(String tracepoint) {
        return findType(BtfKind.TYPEDEF, "btf_trace_" + tracepoint);
    }

    /** Whether a typedef exists; the kernel declares {@code btf_trace_<tracepoint>} for each tracepoint. */
    public boolean hasTypedef(String name) {
        return find(BtfKind.TYPEDEF, cString(name)) != 0;
    }

    /** The constants of the ENUM or ENUM64 with this name in declaration order; empty if there is none. */
    public List<EnumValue> enumValues(String enumName) {
        byte[] cName = cString(enumName);
        int id = find(BtfKind.ENUM, cName);
        if (id == 0) {
            id = find(BtfKind.ENUM64, cName);
        }
        return id == 0 ? List.of() : enumValues(id);
    }

    /** The constants of an ENUM or ENUM64 type in declaration order. */
    public List<EnumValue> enumValues(int id) {
        BtfKind kind = kind(id);
        if (kind != BtfKind.ENUM && kind != BtfKind.ENUM64) {
            throw new IllegalArgumentException("type id %d is a %s, not an ENUM or ENUM64".formatted(id, kind));
        }
        // btf_enum is {name_off, s32 val}; btf_enum64 is {name_off, val_lo32, val_hi32}.
        int stride = kind == BtfKind.ENUM ? 2 : 3;
        boolean signed = info(id) < 0; // kind_flag, bit 31; only changes 32-bit values
        int n = vlen(id);
        var values = new ArrayList<EnumValue>(n);
        for (int i = 0; i < n; i++) {
            int at = TYPE_HEADER_WORDS + stride * i;
            long low = signed ? word(id, at + 1) : Integer.toUnsignedLong(word(id, at + 1));
            long value = kind == BtfKind.ENUM ? low : (long) word(id, at + 2) << 32 | Integer.toUnsignedLong(word(id, at + 1));
            values.add(new EnumValue(string(word(id, at)), value));
        }
        return values;
    }

    /** The parameters of a FUNC or FUNC_PROTO; a trailing ("", 0) stands for "...". */
    public List<Param> params(int funcOrProtoId) {
        int proto = protoOf(funcOrProtoId);
        int n = vlen(proto);
        var params = new ArrayList<Param>(n);
        for (int i = 0; i < n; i++) {
            params.add(new Param(string(word(proto, TYPE_HEADER_WORDS + 2 * i)), paramType(proto, i)));
        }
        return params;
    }

    /** Whether a type is {@code struct structName *}, looking through typedefs and qualifiers on both sides of the pointer. */
    public boolean isPointerToStruct(int typeId, String structName) {
        return isPointerToStruct(typeId, cString(structName));
    }

    /**
     * This BTF's own functions that take {@code struct structName *} among their first
     * {@code maxArgs} parameters, with the position of the first such parameter, in id order.
     */
    public List<FunctionArg> functionsTakingPointerTo(String structName, int maxArgs) {
        String kind = ARGS_INDEX + structName + "-" + maxArgs;
        boolean cacheable = key != null && IDENTIFIER.matcher(structName).matches();
        int[][] cached = cacheable ? cache.load(kind, key, 2) : null;
        if (cached != null && cached[0].length == cached[1].length) {
            var found = new ArrayList<FunctionArg>(cached[0].length);
            for (int i = 0; i < cached[0].length; i++) {
                found.add(new FunctionArg(cached[0][i], name(cached[0][i]), cached[1][i]));
            }
            return found;
        }
        List<FunctionArg> found = scanFunctionsTakingPointerTo(cString(structName), maxArgs);
        if (cacheable) {
            cache.store(kind, key, found.stream().mapToInt(FunctionArg::funcId).toArray(),
                    found.stream().mapToInt(FunctionArg::position).toArray());
        }
        return found;
    }

    private List<FunctionArg> scanFunctionsTakingPointerTo(byte[] cName, int maxArgs) {
        var found = new ArrayList<FunctionArg>();
        // A plain loop, no stream, and as few calls per type as may be: it runs once per tracer start, mostly in
        // the interpreter, which pays per call. Parameters share few types (each struct's pointer is one PTR type),
        // so each type is judged once: POINTS_TO or NOT, 0 while not judged yet.
        int last = lastTypeId();
        byte[] judged = new byte[last + 1];
        int funcInfo = BtfKind.FUNC.ordinal() << 24;
        for (int func = firstId; func <= last; func++) {
            if ((info(func) & KIND_MASK) != funcInfo) {
                continue;
            }
            int proto = protoOf(func);
            int n = Math.min(vlen(proto), maxArgs);
            for (int i = 0; i < n; i++) {
                int type = paramType(proto, i);
                if (judged[type] == 0) {
                    judged[type] = isPointerToStruct(type, cName) ? POINTS_TO : NOT;
                }
                if (judged[type] == POINTS_TO) {
                    found.add(new FunctionArg(func, name(func), i));
                    break;
                }
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "Btf[%s, types %d..%d]".formatted(source, firstId, lastTypeId());
    }

    /** Whether the type has a name (void and anonymous types have none). */
    boolean hasName(int id) {
        int nameOff = word(id, 0);
        Btf owner = stringOwner(nameOff);
        return owner.data[owner.stringPos(nameOff)] != 0;
    }

    /** A hash of the type's name, as {@link NameIndex#hash} computes it for a query. */
    int nameHash(int id, int seed) {
        int nameOff = word(id, 0);
        Btf owner = stringOwner(nameOff);
        return NameIndex.hash(owner.data, owner.stringPos(nameOff), seed);
    }

    /** Whether the type's name is {@code cName} (NUL-terminated, see {@link #cString}). */
    boolean nameEquals(int id, byte[] cName) {
        return stringEquals(word(id, 0), cName);
    }

    /** Whether the string at a name offset is {@code cName} (NUL-terminated, see {@link #cString}). */
    boolean stringEquals(int nameOff, byte[] cName) {
        Btf owner = stringOwner(nameOff);
        return cStringEquals(owner.data, owner.stringPos(nameOff), cName);
    }

    /** A name as a NUL-terminated byte string, the form in which the string section holds it. */
    static byte[] cString(String name) {
        return (name + '\0').getBytes(StandardCharsets.UTF_8);
    }

    private static boolean cStringEquals(byte[] data, int at, byte[] cName) {
        for (int i = 0; ; i++) {
            byte x = data[at + i];
            if (x != cName[i]) {
                return false;
            }
            if (x == 0) {
                return true;
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BtfException("cannot read BTF from %s: %s".formatted(file, e), e);
        }
    }

    /** Base strings start with the empty name; all must end in NUL so names can be read in place. */
    private void checkStrings() {
        if (base == null && (strLen == 0 || data[(int) strStart] != 0)) {
            throw new BtfException(source + ": string section does not start with the empty string");
        }
        if (strLen > 0 && data[(int) (strStart + strLen - 1)] != 0) {
            throw new BtfException(source + ": string section does not end with NUL");
        }
    }

    /** Whether cached type offsets can be this BTF's: in its type section, the first at its start, rising. */
    private static boolean fits(int[] offsets, long typeStart, long typeEnd) {
        if (offsets.length == 0) {
            return typeStart == typeEnd;
        }
        return offsets[0] == typeStart && offsets[offsets.length - 1] < typeEnd
                && offsets[offsets.length - 1] >= offsets[0] + (offsets.length - 1) * TYPE_HEADER_WORDS * 4L;
    }

    /** Walks the type section once, recording where each type starts and checking that it fits. */
    private int[] scanTypes(long start, long end) {
        int[] found = new int[(int) ((end - start) / (TYPE_HEADER_WORDS * 4))];
        int count = 0;
        for (long pos = start; pos < end; count++) {
            int id = firstId + count;
            if (end - pos < TYPE_HEADER_WORDS * 4) {
                throw new BtfException("%s: type id %d at offset %d: truncated, %d bytes left in the type section"
                        .formatted(source, id, pos, end - pos));
            }
            int info = u32(data, (int) pos + 4);
            BtfKind kind = BtfKind.ofCode(info >>> 24 & 0x1f);
            if (kind == null) {
                throw new BtfException("%s: type id %d at offset %d: unknown kind %d".formatted(source, id, pos, info >>> 24 & 0x1f));
            }
            long next = pos + TYPE_HEADER_WORDS * 4 + kind.trailingBytes(info & 0xffff);
            if (next > end) {
                throw new BtfException("%s: type id %d (%s) at offset %d: needs %d bytes, runs past the end of the type section at %d"
                        .formatted(source, id, kind, pos, next - pos, end));
            }
            found[count] = (int) pos;
            pos = next;
        }
        return Arrays.copyOf(found, count);
    }

    private int find(BtfKind kind, byte[] cName) {
        int id = base == null ? 0 : base.find(kind, cName);
        return id != 0 ? id : index.find(kind, cName);
    }

    private boolean isPointerToStruct(int typeId, byte[] cName) {
        int ptr = skipModifiers(typeId);
        if (kind(ptr) != BtfKind.PTR) {
            return false;
        }
        int target = skipModifiers(referencedType(ptr));
        boolean isStruct = switch (kind(target)) {
            case STRUCT -> true;
            case FWD -> info(target) >= 0; // kind_flag clear: a struct, not a union, forward declaration
            default -> false;
        };
        return isStruct && nameEquals(target, cName);
    }

    private int protoOf(int funcOrProtoId) {
        return switch (kind(funcOrProtoId)) {
            case FUNC_PROTO -> funcOrProtoId;
            case FUNC -> {
                int proto = referencedType(funcOrProtoId);
                if (kind(proto) != BtfKind.FUNC_PROTO) {
                    throw new BtfException("%s: FUNC %d refers to type id %d, a %s, not a FUNC_PROTO"
                            .formatted(source, funcOrProtoId, proto, kind(proto)));
                }
                yield proto;
            }
            default -> throw new IllegalArgumentException(
                    "type id %d is a %s, not a FUNC or FUNC_PROTO".formatted(funcOrProtoId, kind(funcOrProtoId)));
        };
    }

    /** The type of a FUNC_PROTO's parameter {@code i}. */
    int paramType(int proto, int i) {
        return word(proto, TYPE_HEADER_WORDS + 2 * i + 1); // btf_param is {name_off, type}
    }

    int info(int id) {
        return word(id, 1);
    }

    int vlen(int id) {
        return info(id) & 0xffff;
    }

    /** The index-th 32-bit word of a type's record, in whichever BTF of the chain holds the type. */
    int word(int id, int index) {
        for (Btf b = this; b != null && id > 0; b = b.base) {
            if (id >= b.firstId) {
                if (id - b.firstId < b.offsets.length) {
                    return u32(b.data, b.offsets[id - b.firstId] + 4 * index);
                }
                break;
            }
        }
        throw new BtfException("%s: type id %d is outside 1..%d".formatted(source, id, lastTypeId()));
    }

    /** A little-endian 32-bit word. */
    static int u32(byte[] data, int at) {
        return data[at] & 0xff | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | data[at + 3] << 24;
    }

    /** The NUL-terminated string at a name offset, in whichever BTF of the chain holds it. */
    String string(int nameOff) {
        Btf owner = stringOwner(nameOff);
        int start = owner.stringPos(nameOff);
        int end = start;
        while (owner.data[end] != 0) {
            end++;
        }
        return new String(owner.data, start, end - start, StandardCharsets.UTF_8);
    }

    /** The BTF of the chain whose string section holds a name offset. */
    private Btf stringOwner(int nameOff) {
        long off = Integer.toUnsignedLong(nameOff);
        for (Btf b = this; b != null; b = b.base) {
            if (off >= b.firstStrOff) {
                if (off - b.firstStrOff < b.strLen) {
                    return b;
                }
                break;
            }
        }
        throw new BtfException("%s: string offset %d is outside the string section (0..%d)".formatted(source, off, firstStrOff + strLen));
    }

    /** Where in this BTF's data the string at a name offset of its own starts. */
    private int stringPos(int nameOff) {
        return (int) (strStart + Integer.toUnsignedLong(nameOff) - firstStrOff);
    }
}
