package dev.vista.internal.load;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * {@code struct vista_config} (vista-bpf's vista_event.h) as one table: each field's C name, its byte
 * offset and size, and how its value is taken from {@link ConfigValues}. A new filter is one row here
 * (and its field in the header); EventLayoutTest checks every row's offset and size against gcc's, and
 * that every field of the struct has a row. Fields left out of a trace stay zero, which the BPF side
 * reads as "any".
 */
public final class ConfigLayout {
    public static final int SIZE = 112;

    /** One field of the struct: where it is, its size in bytes, and what goes there. */
    public record Field(String name, int offset, int size, Encoder encoder) {
    }

    /** Writes one field's value at its offset. */
    @FunctionalInterface
    public interface Encoder {
        void write(ConfigValues values, MemorySegment config, long offset);
    }

    public static final List<Field> FIELDS = List.of(
            u32("netns", 0, v -> v.filters().netnsInode()),
            u32("mark", 4, v -> orZero(v.filters().mark())),
            flag("filter_mark", 8, v -> v.filters().mark() != null),
            u8("l4proto", 9, v -> v.filters().protocol() == null ? 0 : v.filters().protocol().number()),
            u16("port", 10, v -> v.filters().port()),
            u8("addr_l3", 12, v -> v.filters().address() == null ? 0
                    : v.filters().address() instanceof Inet4Address ? 4 : 6),
            u8("stack_mode", 13, v -> v.stackMode().ordinal()),
            flag("track_skb", 14, v -> v.filters().trackSkb()),
            flag("pcap_filter", 15, v -> v.filters().pcapFilter() != null),
            u32("wakeup_bytes", 16, ConfigValues::wakeupBytes),
            bytes("addr", 20, 16, v -> v.filters().address() == null ? null : v.filters().address().getAddress()),
            bytes("ifname", 36, 16, v -> ascii(v.filters().ifname())),
            u64("free_func_ip", 56, ConfigValues::freeFunctionAddress),
            u32("sk_mark", 64, v -> orZero(v.filters().skMark())),
            u32("pid", 68, v -> v.filters().pid()),
            bytes("comm", 72, 16, v -> v.filters().comm() == null ? null
                    : v.filters().comm().getBytes(StandardCharsets.UTF_8)),
            u16("icmp_id", 88, v -> v.filters().icmpId() == null ? 0 : v.filters().icmpId()),
            flag("filter_sk_mark", 90, v -> v.filters().skMark() != null),
            flag("filter_icmp_id", 91, v -> v.filters().icmpId() != null),
            u32("snaplen", 92, ConfigValues::snaplen),
            u64("tcp_min_lifetime_ns", 96, v -> v.filters().tcpMinLifetime().toNanos()),
            flag("output_skb", 104, v -> v.structs().skb()),
            flag("output_shinfo", 105, v -> v.structs().sharedInfo()));

    private ConfigLayout() {
    }

    /** Writes the config into an object's .rodata, which must hold nothing but the CONFIG variable. */
    public static void write(ConfigValues values, MemorySegment rodata) {
        if (rodata.byteSize() != SIZE) {
            throw new IllegalStateException(".rodata of the BPF object is " + rodata.byteSize() + " bytes, not the "
                    + SIZE + " of struct vista_config: keep CONFIG the only constant in BPF code");
        }
        rodata.fill((byte) 0);
        for (Field field : FIELDS) {
            field.encoder().write(values, rodata, field.offset());
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static byte[] ascii(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Field u8(String name, int offset, ToLongFunction<ConfigValues> value) {
        return new Field(name, offset, 1, (v, config, at) -> config.set(JAVA_BYTE, at, (byte) value.applyAsLong(v)));
    }

    private static Field flag(String name, int offset, Predicate<ConfigValues> value) {
        return u8(name, offset, v -> value.test(v) ? 1 : 0);
    }

    private static Field u16(String name, int offset, ToLongFunction<ConfigValues> value) {
        return new Field(name, offset, 2,
                (v, config, at) -> config.set(JAVA_SHORT_UNALIGNED, at, (short) value.applyAsLong(v)));
    }

    private static Field u32(String name, int offset, ToLongFunction<ConfigValues> value) {
        return new Field(name, offset, 4,
                (v, config, at) -> config.set(JAVA_INT_UNALIGNED, at, (int) value.applyAsLong(v)));
    }

    private static Field u64(String name, int offset, ToLongFunction<ConfigValues> value) {
        return new Field(name, offset, 8, (v, config, at) -> config.set(JAVA_LONG_UNALIGNED, at, value.applyAsLong(v)));
    }

    /** A char or byte array of {@code size}; null writes nothing (zeros: "any"). */
    private static Field bytes(String name, int offset, int size, Function<ConfigValues, byte[]> value) {
        return new Field(name, offset, size, (v, config, at) -> {
            byte[] bytes = value.apply(v);
            if (bytes == null) {
                return;
            }
            if (bytes.length > size) {
                throw new IllegalArgumentException("vista_config." + name + " holds " + size + " bytes, not "
                        + bytes.length);
            }
            MemorySegment.copy(bytes, 0, config, JAVA_BYTE, at, bytes.length);
        });
    }
}
