package dev.vista.event;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A kernel struct or union decoded from the bytes the BPF side copied (e.g. the {@code struct sk_buff}
 * of {@link TraceEvent#skb()}), as a tree a program can query by field path, and whose
 * {@link #toString()} is the text of the kernel's {@code bpf_snprintf_btf} for it.
 */
public final class KernelStruct implements KernelValue {

    /**
     * One member; {@code name} is empty for an anonymous struct or union, whose members C lets one
     * name as if they were the parent's (so does {@link #get}).
     */
    public record Member(String name, KernelValue value) {}

    private final String type;
    private final List<Member> members;

    public KernelStruct(String type, List<Member> members) {
        this.type = type;
        this.members = List.copyOf(members);
    }

    /** "struct sk_buff", "union" for an anonymous union, or a typedef's name. */
    @Override
    public String type() {
        return type;
    }

    /** Every member in declaration order, zero ones included. */
    public List<Member> members() {
        return members;
    }

    /**
     * The value at a path of member names separated by dots, as in C: "len", "dev", "headers.protocol",
     * "cb[0]". Members of anonymous structs and unions are found as if they were this struct's.
     *
     * @throws NoSuchElementException naming the part of the path that matches no member
     */
    public KernelValue get(String path) {
        KernelValue at = this;
        String walked = "";
        for (String part : path.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!(at instanceof KernelStruct struct)) {
                throw new NoSuchElementException(
                        "%s: %s is a %s, which has no members".formatted(path, walked, at.type()));
            }
            at = struct.find(name).orElseThrow(() -> new NoSuchElementException(
                    "%s: %s has no member named '%s'".formatted(path, struct.type, name)));
            if (bracket >= 0) {
                at = element(path, at, part.substring(bracket));
            }
            walked = walked.isEmpty() ? part : walked + "." + part;
        }
        return at;
    }

    /** The number at a path (see {@link #get}): an integer, bitfield, enum value or address. */
    public long getLong(String path) {
        if (get(path) instanceof KernelScalar scalar) {
            return scalar.value();
        }
        throw new IllegalArgumentException("%s is a %s, not a number".formatted(path, get(path).type()));
    }

    /** A named member of this struct, or of an anonymous struct or union inside it. */
    public Optional<KernelValue> find(String name) {
        for (Member member : members) {
            if (member.name().equals(name)) {
                return Optional.of(member.value());
            }
        }
        for (Member member : members) {
            if (member.name().isEmpty() && member.value() instanceof KernelStruct anonymous) {
                Optional<KernelValue> found = anonymous.find(name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isEmpty() {
        return members.stream().allMatch(m -> m.value().isEmpty());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KernelStruct that && type.equals(that.type) && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + members.hashCode();
    }

    /**
     * The kernel's bpf_snprintf_btf text (flags 0: one member a line, zero members left out), without the
     * final newline.
     */
    @Override
    public String toString() {
        return KernelText.of(this);
    }

    private static KernelValue element(String path, KernelValue at, String indexes) {
        for (String index : indexes.substring(1).split("\\]\\[?")) {
            if (!(at instanceof KernelArray array)) {
                throw new NoSuchElementException("%s: a %s is not an array".formatted(path, at.type()));
            }
            int i;
            try {
                i = Integer.parseInt(index);
            } catch (NumberFormatException e) {
                throw new NoSuchElementException("%s: '%s' is not an array index".formatted(path, index));
            }
            if (i < 0 || i >= array.elements().size()) {
                throw new NoSuchElementException("%s: index %d is outside the %d elements of a %s"
                        .formatted(path, i, array.elements().size(), array.type()));
            }
            at = array.elements().get(i);
        }
        return at;
    }
}
