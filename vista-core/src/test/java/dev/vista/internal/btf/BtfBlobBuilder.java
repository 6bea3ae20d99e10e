package dev.vista.internal.btf;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Writes BTF blobs word by word, laid out as the kernel does, so tests can parse known bytes.
 * Public for the tests of other packages that need kernel-like BTF (the function catalog's).
 */
public final class BtfBlobBuilder {

    private final IntStream.Builder words = IntStream.builder();
    private final Map<String, Integer> strings = new LinkedHashMap<>();
    private final ByteArrayOutputStream stringBytes = new ByteArrayOutputStream();
    private final int firstStrOff;
    private int nextId;

    private BtfBlobBuilder(int firstId, int firstStrOff) {
        this.nextId = firstId;
        this.firstStrOff = firstStrOff;
    }

    /** A base BTF, whose string section starts with the empty name. */
    public static BtfBlobBuilder base() {
        var builder = new BtfBlobBuilder(1, 0);
        builder.str("");
        return builder;
    }

    /** A split BTF that continues this one's type ids and string offsets; "" still means offset 0. */
    public BtfBlobBuilder split() {
        var split = new BtfBlobBuilder(nextId, firstStrOff + stringBytes.size());
        split.strings.put("", 0);
        return split;
    }

    /** The offset of a string, adding it to this blob's string section if it is new. */
    public int str(String s) {
        return strings.computeIfAbsent(s, _ -> {
            int off = firstStrOff + stringBytes.size();
            stringBytes.writeBytes((s + '\0').getBytes(StandardCharsets.UTF_8));
            return off;
        });
    }

    /** Appends a type (struct btf_type plus the kind's trailing words, as given) and returns its id. */
    public int type(BtfKind kind, String name, int vlen, boolean kindFlag, int sizeOrType, int... trailing) {
        words.add(str(name)).add((kindFlag ? 1 << 31 : 0) | kind.ordinal() << 24 | vlen).add(sizeOrType);
        IntStream.of(trailing).forEach(words::add);
        return nextId++;
    }

    public byte[] build() {
        int[] types = words.build().toArray();
        byte[] strs = stringBytes.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + types.length * 4 + strs.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(types.length * 4)
                .putInt(types.length * 4).putInt(strs.length);
        IntStream.of(types).forEach(out::putInt);
        return out.put(strs).array();
    }

    Btf parse(Btf base) {
        return Btf.parse("test blob", MemorySegment.ofArray(build()), base);
    }
}
