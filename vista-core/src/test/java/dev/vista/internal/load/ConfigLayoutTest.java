package dev.vista.internal.load;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.Filters;
import dev.vista.Protocol;
import dev.vista.Tracer;
import dev.vista.internal.NativeHeaders;
import dev.vista.internal.load.ConfigValues.StructCopies;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of struct vista_config matches the header as gcc compiles it, and writes what the filters say. */
class ConfigLayoutTest {
    @TempDir
    Path dir;

    @Test
    void everyRowHasTheOffsetAndSizeOfItsField() throws Exception {
        NativeHeaders.copyBpfHeaders(dir);
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <linux/types.h>
                #include "vista_event.h"
                int main(void) {
                    printf("sizeof=%zu\\n", sizeof(struct vista_config));
                """);
        for (ConfigLayout.Field field : ConfigLayout.FIELDS) {
            c.append("    printf(\"%1$s.offset=%%zu\\n\", offsetof(struct vista_config, %1$s));\n".formatted(field.name()));
            c.append("    printf(\"%1$s.size=%%zu\\n\", sizeof(((struct vista_config *) 0)->%1$s));\n"
                    .formatted(field.name()));
        }
        c.append("    return 0;\n}\n");

        Map<String, Long> actual = NativeHeaders.run(dir, c.toString());

        assertThat(actual.get("sizeof")).isEqualTo((long) ConfigLayout.SIZE);
        for (ConfigLayout.Field field : ConfigLayout.FIELDS) {
            assertThat(actual.get(field.name() + ".offset")).as(field.name()).isEqualTo((long) field.offset());
            assertThat(actual.get(field.name() + ".size")).as(field.name()).isEqualTo((long) field.size());
        }
    }

    @Test
    void everyFieldOfTheStructHasARow() throws Exception {
        String header;
        try (InputStream in = getClass().getResourceAsStream("/dev/vista/bpf/vista_event.h")) {
            header = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher struct = Pattern.compile("struct vista_config \\{(.*?)\\};", Pattern.DOTALL).matcher(header);
        assertThat(struct.find()).isTrue();
        Matcher member = Pattern.compile("(?:__u\\d+|char) (\\w+)(\\[\\w+\\])?;").matcher(struct.group(1));
        List<String> fields = new ArrayList<>();
        while (member.find()) {
            if (!member.group(1).startsWith("pad")) {
                fields.add(member.group(1));
            }
        }
        assertThat(ConfigLayout.FIELDS).extracting(ConfigLayout.Field::name).containsExactlyElementsOf(fields);
    }

    @Test
    void writesTheFiltersAtTheirOffsetsAndZeroForAny() throws Exception {
        Filters filters = Tracer.builder().traceSkb().filterProtocol(Protocol.UDP).filterPort(53)
                .filterAddress("fd00::2").filterSkbMark(0).filterIfname("veth0").filterIcmpId(7)
                .build().filters();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(ConfigLayout.SIZE);
            config.fill((byte) 0xff);

            ConfigLayout.write(new ConfigValues(filters, StackMode.DROPS, 4096, 0xffff_8000_0000_1234L, 256,
                    new StructCopies(true, false)), config);

            assertThat(config.get(JAVA_BYTE, offset("l4proto"))).isEqualTo((byte) 17);
            assertThat(config.get(JAVA_SHORT_UNALIGNED, offset("port"))).isEqualTo((short) 53);
            assertThat(config.get(JAVA_BYTE, offset("addr_l3"))).isEqualTo((byte) 6);
            assertThat(config.asSlice(offset("addr"), 16).toArray(JAVA_BYTE))
                    .isEqualTo(InetAddress.getByName("fd00::2").getAddress());
            assertThat(config.get(JAVA_INT_UNALIGNED, offset("mark"))).isZero();
            assertThat(config.get(JAVA_BYTE, offset("filter_mark"))).isEqualTo((byte) 1);
            assertThat(config.getString(offset("ifname"))).isEqualTo("veth0");
            assertThat(config.get(JAVA_SHORT_UNALIGNED, offset("icmp_id"))).isEqualTo((short) 7);
            assertThat(config.get(JAVA_BYTE, offset("filter_icmp_id"))).isEqualTo((byte) 1);
            assertThat(config.get(JAVA_BYTE, offset("stack_mode"))).isEqualTo((byte) 2);
            assertThat(config.get(JAVA_INT_UNALIGNED, offset("wakeup_bytes"))).isEqualTo(4096);
            assertThat(config.get(JAVA_LONG_UNALIGNED, offset("free_func_ip"))).isEqualTo(0xffff_8000_0000_1234L);
            assertThat(config.get(JAVA_BYTE, offset("output_skb"))).isEqualTo((byte) 1);
            assertThat(config.get(JAVA_BYTE, offset("output_shinfo"))).isZero();
            assertThat(config.get(JAVA_INT_UNALIGNED, offset("snaplen"))).isEqualTo(256);
            // Filters not asked for are zero: "any".
            assertThat(config.get(JAVA_INT_UNALIGNED, offset("netns"))).isZero();
            assertThat(config.get(JAVA_BYTE, offset("filter_sk_mark"))).isZero();
            assertThat(config.get(JAVA_BYTE, offset("comm"))).isZero();
            assertThat(config.get(JAVA_BYTE, offset("pcap_filter"))).isZero();
            assertThat(config.get(JAVA_LONG_UNALIGNED, offset("tcp_min_lifetime_ns"))).isZero();
        }
    }

    @Test
    void aTcpLifetimeFilterIsWrittenInNanoseconds() {
        Filters filters = Tracer.builder().traceTcpLifetime().filterTcpLifetime(Duration.ofMillis(1500))
                .build().filters();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(ConfigLayout.SIZE);

            ConfigLayout.write(new ConfigValues(filters, StackMode.NONE, 4096, 0, 0, StructCopies.NONE), config);

            assertThat(config.get(JAVA_LONG_UNALIGNED, offset("tcp_min_lifetime_ns"))).isEqualTo(1_500_000_000L);
        }
    }

    private static long offset(String name) {
        return ConfigLayout.FIELDS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().offset();
    }
}
