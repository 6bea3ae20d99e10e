package dev.vista.internal.btf;

import dev.vista.internal.bpf.ElfSections;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The part of the kernel's BTF that a BPF object's CO-RE relocations can resolve against, as the bytes of a
 * BTF file for libbpf's {@code btf_custom_path}. Left to itself, libbpf reads and parses the kernel's whole
 * BTF (5 MB, 125,000 types) at every load and searches it for each relocated type, tens of milliseconds of
 * a start (BENCHMARKS.md, issue 19); an object of ours needs fifty to a hundred of those types.
 *
 * <p>What is kept, and why that is enough: libbpf resolves a relocation against the kernel types of the same
 * kind and name as the type it is rooted at (its flavour suffix {@code ___x} dropped), following the names of
 * the members on its path down through the members held by value (looking inside anonymous structs and
 * unions), and reads the last member's offset, size and kind. So this keeps every such candidate type, with
 * only the members on some relocation's path, at their offsets; other structs and unions keep their size and
 * no member; what a kept member holds by value (array elements, typedef and qualifier targets) comes along.
 * A pointer becomes a pointer to void: no path passes through one (each dereference is a relocation of its
 * own, rooted at the pointee's type), and libbpf takes any pointer member for any other. (bpftool's
 * {@code gen min_core_btf} cuts BTF the same way, to the same 49 types for our skb tracepoints.)
 * CoreTargetKernelTest checks that the programs of our objects relocate to the same instructions against this
 * as against the kernel's own BTF.
 */
public final class CoreTargetBtf {
    /**
     * Changes whenever what this makes of the same object and kernel changes: a target is kept in the kernel's
     * index cache under it (CoreTargetFile), so a target cut by another version is never read back.
     */
    public static final int VERSION = 2;
    private static final int MAGIC = 0xeb9f;
    private static final int HEADER_BYTES = 24;
    /**
     * The kinds of type a relocation is rooted at, each with the kernel's kinds libbpf takes for it: an enum's
     * values may have grown to 64 bits, a forward declaration is a struct or a union.
     */
    private static final Map<BtfKind, BtfKind[]> ROOT_KINDS = Map.of(
            BtfKind.STRUCT, new BtfKind[] {BtfKind.STRUCT},
            BtfKind.UNION, new BtfKind[] {BtfKind.UNION},
            BtfKind.ENUM, new BtfKind[] {BtfKind.ENUM, BtfKind.ENUM64},
            BtfKind.ENUM64, new BtfKind[] {BtfKind.ENUM64, BtfKind.ENUM},
            BtfKind.TYPEDEF, new BtfKind[] {BtfKind.TYPEDEF},
            BtfKind.FWD, new BtfKind[] {BtfKind.STRUCT, BtfKind.UNION, BtfKind.FWD});
    /** libbpf's flavour separator: the last "x___y" in a name (bpf_core_essential_name_len). */
    private static final String FLAVOUR_SEPARATOR = "___";
    /** A step of a member path into an array's element (compared by identity). */
    private static final byte[] ARRAY_ELEMENT = new byte[0];
    private static final int TYPE_HEADER_BYTES = 12;
    /** Shared and never changed: what {@link #pathMembers(int)} gives a type no path passes. */
    private static final BitSet NO_MEMBERS = new BitSet();

    private final Btf kernel;
    /**
     * The members that relocations' paths pass, by struct or union (anonymous ones on the way included); a
     * kept struct or union keeps only these, all others none.
     */
    private final Map<Integer, BitSet> pathMembers = new HashMap<>();
    /** Each kept kernel type's id to its id here, in the order they are written. */
    private final Map<Integer, Integer> newIds = new LinkedHashMap<>();
    private final Map<Integer, Integer> newNames = new HashMap<>();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();

    private CoreTargetBtf(Btf kernel) {
        this.kernel = kernel;
        strings.write(0); // offset 0: the empty name
    }

    /**
     * The BTF file's bytes for the {@code relocations} of an object whose BTF is {@code object}, against
     * {@code kernel} (a base BTF, not a module's); empty if a relocation asks for a kernel type's id
     * ({@code bpf_core_type_id_kernel}), which only the kernel's whole BTF has, or is rooted at a type that
     * {@code kernel} lacks: a module may have it (nf_tables' {@code struct nft_chain} on Debian's kernel), and
     * libbpf, left to itself, searches the modules' BTF too, but not with a target file.
     */
    public static Optional<byte[]> of(Btf kernel, Btf object, List<CoreRelocation> relocations) {
        if (kernel.firstTypeId() != 1) {
            throw new IllegalArgumentException(kernel + " is split BTF; a CO-RE target is cut from the kernel's own");
        }
        if (relocations.stream().anyMatch(relocation -> relocation.kind() == CoreRelocation.TYPE_ID_TARGET)) {
            return Optional.empty();
        }
        CoreTargetBtf target = new CoreTargetBtf(kernel);
        Map<Integer, int[]> candidatesByRoot = new HashMap<>();
        for (CoreRelocation relocation : relocations) {
            if (relocation.kind() == CoreRelocation.TYPE_ID_LOCAL || !object.hasName(relocation.typeId())) {
                continue; // answered from the object's own BTF
            }
            int[] candidates = candidatesByRoot.computeIfAbsent(relocation.typeId(),
                    root -> target.candidates(object, root));
            if (candidates.length == 0) {
                return Optional.empty(); // perhaps a module's type, which libbpf finds in the module's BTF
            }
            if (relocation.hasMemberPath()) {
                List<byte[]> path = memberPath(object, relocation);
                for (int candidate : candidates) {
                    target.markPath(candidate, path);
                }
            }
        }
        candidatesByRoot.values().forEach(candidates -> {
            for (int candidate : candidates) {
                target.keep(candidate);
            }
        });
        return Optional.of(target.write());
    }

    /**
     * As {@link #of}, for the BPF object {@code elf} (named {@code objectName} in errors): its .BTF section and the
     * relocations in its .BTF.ext; empty also when it has no CO-RE relocation.
     */
    public static Optional<byte[]> ofObject(String objectName, byte[] elf, Btf kernel) {
        ElfSections sections = ElfSections.of(elf);
        OptionalInt btfSection = sections.find(".BTF");
        OptionalInt extSection = sections.find(".BTF.ext");
        if (btfSection.isEmpty() || extSection.isEmpty()) {
            return Optional.empty();
        }
        Btf object = Btf.parse(objectName + "'s BTF",
                MemorySegment.ofBuffer(sections.contents(btfSection.getAsInt())), null);
        List<CoreRelocation> relocations = CoreRelocation.read(sections.contents(extSection.getAsInt()), object);
        return relocations.isEmpty() ? Optional.empty() : of(kernel, object, relocations);
    }

    /** The kernel's types that libbpf takes as candidates for an object's type. */
    private int[] candidates(Btf object, int local) {
        BtfKind kind = object.kind(local);
        String name = essentialName(object.name(local));
        int[] found = new int[0];
        for (BtfKind candidate : ROOT_KINDS.getOrDefault(kind, new BtfKind[] {kind})) {
            int[] more = kernel.findAll(candidate, name);
            found = Arrays.copyOf(found, found.length + more.length);
            System.arraycopy(more, 0, found, found.length - more.length, more.length);
        }
        return found;
    }

    /**
     * The names of the members a relocation's path passes (anonymous ones left out, as libbpf matches by
     * name), NUL-terminated, with {@link #ARRAY_ELEMENT} for a step into an array's element.
     */
    private static List<byte[]> memberPath(Btf object, CoreRelocation relocation) {
        List<byte[]> path = new ArrayList<>();
        int type = object.skipModifiers(relocation.typeId());
        String[] access = relocation.access().split(":");
        for (int i = 1; i < access.length; i++) { // access[0] indexes the root as an array
            BtfKind kind = object.kind(type);
            if (kind == BtfKind.STRUCT || kind == BtfKind.UNION) {
                int member = Integer.parseInt(access[i]);
                String name = object.string(object.memberNameOffset(type, member));
                if (!name.isEmpty()) {
                    path.add(Btf.cString(name));
                }
                type = object.skipModifiers(object.memberType(type, member));
            } else if (kind == BtfKind.ARRAY) {
                path.add(ARRAY_ELEMENT);
                type = object.skipModifiers(object.array(type).elementType());
            } else {
                break;
            }
        }
        return path;
    }

    /** Follows a member path through a kernel type, noting the structs and unions it passes. */
    private void markPath(int root, List<byte[]> path) {
        int type = kernel.skipModifiers(root);
        for (byte[] step : path) {
            if (step == ARRAY_ELEMENT) {
                if (kernel.kind(type) != BtfKind.ARRAY) {
                    return;
                }
                type = kernel.skipModifiers(kernel.array(type).elementType());
            } else {
                int member = isComposite(type) ? memberType(type, step) : -1;
                if (member < 0) {
                    return; // no such member here: libbpf rejects this candidate
                }
                type = kernel.skipModifiers(member);
            }
        }
    }

    /** The type of a composite's member by name, looking inside anonymous members; -1 if there is none. */
    private int memberType(int composite, byte[] name) {
        for (int i = 0, n = kernel.vlen(composite); i < n; i++) {
            int nameOff = kernel.memberNameOffset(composite, i);
            int type = kernel.memberType(composite, i);
            int found = -1;
            if (nameOff != 0 && kernel.stringEquals(nameOff, name)) {
                found = type;
            } else if (nameOff == 0 && isComposite(kernel.skipModifiers(type))) {
                found = memberType(kernel.skipModifiers(type), name);
            }
            if (found >= 0) {
                pathMembers.computeIfAbsent(composite, c -> new BitSet()).set(i);
                return found;
            }
        }
        return -1;
    }

    private boolean isComposite(int id) {
        BtfKind kind = kernel.kind(id);
        return kind == BtfKind.STRUCT || kind == BtfKind.UNION;
    }

    /** A name without its flavour: "sk_buff___old" is looked up as "sk_buff", as libbpf does. */
    static String essentialName(String name) {
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith(FLAVOUR_SEPARATOR, i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }

    /** Keeps a candidate and, through a worklist, what it holds by value. */
    private void keep(int candidate) {
        int[] pending = {candidate};
        int count = 1;
        while (count > 0) {
            int id = pending[--count];
            if (id == 0 || newIds.containsKey(id)) {
                continue;
            }
            newIds.put(id, newIds.size() + 1);
            for (int held : heldByValue(id)) {
                if (count == pending.length) {
                    pending = Arrays.copyOf(pending, count * 2);
                }
                pending[count++] = held;
            }
        }
    }

    /** The types a type refers to other than through a pointer. */
    private int[] heldByValue(int id) {
        return switch (kernel.kind(id)) {
            case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> new int[] {kernel.referencedType(id)};
            case ARRAY -> new int[] {kernel.word(id, 3), kernel.word(id, 4)}; // btf_array: type, index_type, nelems
            case STRUCT, UNION -> pathMembers(id).stream().map(member -> kernel.memberType(id, member)).toArray();
            case FUNC_PROTO -> {
                int params = kernel.vlen(id);
                int[] types = new int[params + 1];
                for (int i = 0; i < params; i++) {
                    types[i] = kernel.paramType(id, i);
                }
                types[params] = kernel.referencedType(id); // the return type
                yield types;
            }
            default -> new int[0];
        };
    }

    /** The members of a struct or union that some relocation's path passes (none for most). */
    private BitSet pathMembers(int id) {
        return pathMembers.getOrDefault(id, NO_MEMBERS);
    }

    /** A kept type's vlen: for a struct or union, the members on paths. */
    private int vlen(int id) {
        return isComposite(id) ? pathMembers(id).cardinality() : kernel.vlen(id);
    }

    private byte[] write() {
        ByteBuffer types = ByteBuffer.allocate(recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int id : newIds.keySet()) {
            writeRecord(id, types);
        }
        byte[] names = strings.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + types.capacity() + names.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        file.putShort((short) MAGIC).put((byte) 1).put((byte) 0).putInt(HEADER_BYTES)
                .putInt(0).putInt(types.capacity()).putInt(types.capacity()).putInt(names.length);
        return file.put(types.array()).put(names).array();
    }

    private int recordBytes() {
        int bytes = 0;
        for (int id : newIds.keySet()) {
            bytes += TYPE_HEADER_BYTES + kernel.kind(id).trailingBytes(vlen(id));
        }
        return bytes;
    }

    /** A kept type's record with its names and type ids renumbered; a pointer's target becomes void. */
    private void writeRecord(int id, ByteBuffer out) {
        BtfKind kind = kernel.kind(id);
        int vlen = vlen(id);
        out.putInt(name(kernel.word(id, 0))).putInt(kernel.info(id) & ~0xffff | vlen);
        out.putInt(switch (kind) {
            case PTR -> 0;
            case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC_PROTO -> type(kernel.word(id, 2));
            default -> kernel.word(id, 2); // a size
        });
        switch (kind) {
            case INT -> out.putInt(kernel.word(id, 3));
            case ARRAY -> out.putInt(type(kernel.word(id, 3))).putInt(type(kernel.word(id, 4)))
                    .putInt(kernel.word(id, 5));
            case STRUCT, UNION -> pathMembers(id).stream().forEach(member -> {
                int at = Btf.memberWord(member);
                out.putInt(name(kernel.word(id, at))).putInt(type(kernel.word(id, at + 1)))
                        .putInt(kernel.word(id, at + 2));
            });
            case ENUM, ENUM64 -> {
                int stride = kind == BtfKind.ENUM ? 2 : 3;
                for (int i = 0, at = 3; i < vlen; i++, at += stride) {
                    out.putInt(name(kernel.word(id, at)));
                    for (int w = 1; w < stride; w++) {
                        out.putInt(kernel.word(id, at + w));
                    }
                }
            }
            case FUNC_PROTO -> {
                for (int i = 0, at = 3; i < vlen; i++, at += 2) {
                    out.putInt(name(kernel.word(id, at))).putInt(type(kernel.word(id, at + 1)));
                }
            }
            case PTR, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FLOAT -> {
            }
            default -> throw new IllegalStateException("a " + kind + " is never kept: type id " + id);
        }
    }

    private int type(int kernelId) {
        return kernelId == 0 ? 0 : newIds.get(kernelId);
    }

    private int name(int kernelOffset) {
        if (kernelOffset == 0) {
            return 0;
        }
        return newNames.computeIfAbsent(kernelOffset, off -> {
            int at = strings.size();
            strings.writeBytes(kernel.string(off).getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return at;
        });
    }
}
