package dev.vista.event;

/**
 * Writes a decoded struct as the kernel's bpf_snprintf_btf does with flags 0 (kernel/bpf/btf.c):
 * {@code .name = (type)value,} one a line, indented one space a level, aggregates opened with
 * {@code (type){} or {@code (type[])[}, zero values and aggregates with nothing shown left out.
 * One deviation: a struct inside an array gets its braces and member names, which the kernel drops.
 */
final class KernelText {

    private final StringBuilder out = new StringBuilder();

    private KernelText() {}

    static String of(KernelStruct struct) {
        var text = new KernelText();
        text.value("", struct, 0, false);
        return text.out.toString();
    }

    /** Writes one value; {@code label} is ".name = " for a named member, "" otherwise. */
    private void value(String label, KernelValue value, int depth, boolean arrayElement) {
        if (depth > 0 && value.isEmpty()) {
            return;
        }
        String delimiter = depth == 0 ? "" : ",";
        String head = arrayElement ? "" : label + "(" + value.type() + ")";
        switch (value) {
            case KernelScalar scalar -> line(depth, head + scalar.text() + delimiter);
            case KernelStruct struct -> {
                line(depth, head + "{");
                for (KernelStruct.Member member : struct.members()) {
                    value(member.name().isEmpty() ? "" : "." + member.name() + " = ", member.value(), depth + 1, false);
                }
                line(depth, "}" + delimiter);
            }
            case KernelArray array -> {
                line(depth, head + "[");
                for (KernelValue element : array.shownElements()) {
                    value("", element, depth + 1, true);
                }
                line(depth, "]" + delimiter);
            }
        }
    }

    private void line(int depth, String text) {
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append(" ".repeat(depth)).append(text);
    }
}
