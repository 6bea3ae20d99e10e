package dev.vista.event;

import java.util.List;

/**
 * An array member of a decoded kernel struct.
 *
 * @param type     the array type as the kernel's printer names it, e.g. "char[]", "__u32[]"
 * @param elements every element, zero ones included
 * @param chars    whether the elements are bytes the kernel prints as a string (up to the first NUL)
 */
public record KernelArray(String type, List<KernelValue> elements, boolean chars) implements KernelValue {

    public KernelArray {
        elements = List.copyOf(elements);
    }

    /** The elements the kernel's printer shows: a char array ends at its first NUL, and zero elements are left out. */
    public List<KernelValue> shownElements() {
        int end = 0;
        while (end < elements.size() && !(chars && elements.get(end).isEmpty())) {
            end++;
        }
        return elements.subList(0, end).stream().filter(e -> !e.isEmpty()).toList();
    }

    /** The text of a char array up to its first NUL (each byte as one ISO-8859-1 character). */
    public String string() {
        if (!chars) {
            throw new IllegalStateException("a " + type + " is not a char array");
        }
        var text = new StringBuilder();
        for (KernelValue e : elements) {
            long c = ((KernelScalar) e).value() & 0xff;
            if (c == 0) {
                break;
            }
            text.append((char) c);
        }
        return text.toString();
    }

    @Override
    public boolean isEmpty() {
        return shownElements().isEmpty();
    }
}
