package dev.vista.internal.load;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The values of {@code struct vista_config} the BPF programs filter and sample with; zero or null
 * means "any". Written into the object's .rodata before load, so the verifier prunes unused checks.
 * {@code pcapFilter} says that a translated expression was spliced into the objects.
 */
public record FilterConfig(long netnsInode, Long mark, int l4Protocol, int port, InetAddress address,
        String ifname, Long skMark, int pid, String comm, Integer icmpId, boolean pcapFilter,
        StackMode stackMode, int wakeupBytes, boolean trackSkb, long freeFunctionAddress,
        long tcpMinLifetimeNanos) {

    /** Writes the config into an object's .rodata, which must hold nothing but the CONFIG variable. */
    public void writeTo(MemorySegment rodata) {
        if (rodata.byteSize() != ConfigLayout.SIZE) {
            throw new IllegalStateException(".rodata of the BPF object is " + rodata.byteSize() + " bytes, not the "
                    + ConfigLayout.SIZE + " of struct vista_config: keep CONFIG the only constant in BPF code");
        }
        MemorySegment config = rodata;
        config.fill((byte) 0);
        config.set(JAVA_INT_UNALIGNED, ConfigLayout.NETNS, (int) netnsInode);
        if (mark != null) {
            config.set(JAVA_INT_UNALIGNED, ConfigLayout.MARK, mark.intValue());
            config.set(JAVA_BYTE, ConfigLayout.FILTER_MARK, (byte) 1);
        }
        config.set(JAVA_BYTE, ConfigLayout.L4PROTO, (byte) l4Protocol);
        config.set(JAVA_SHORT_UNALIGNED, ConfigLayout.PORT, (short) port);
        if (address != null) {
            byte[] bytes = address.getAddress();
            config.set(JAVA_BYTE, ConfigLayout.ADDR_L3, (byte) (address instanceof Inet4Address ? 4 : 6));
            MemorySegment.copy(bytes, 0, config, JAVA_BYTE, ConfigLayout.ADDR, bytes.length);
        }
        config.set(JAVA_BYTE, ConfigLayout.STACK_MODE, (byte) stackMode.ordinal());
        config.set(JAVA_BYTE, ConfigLayout.TRACK_SKB, (byte) (trackSkb ? 1 : 0));
        config.set(JAVA_LONG_UNALIGNED, ConfigLayout.FREE_FUNC_IP, freeFunctionAddress);
        config.set(JAVA_INT_UNALIGNED, ConfigLayout.WAKEUP_BYTES, wakeupBytes);
        config.set(JAVA_LONG_UNALIGNED, ConfigLayout.TCP_MIN_LIFETIME_NS, tcpMinLifetimeNanos);
        if (ifname != null) {
            byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(name, 0, config, JAVA_BYTE, ConfigLayout.IFNAME, name.length);
        }
        if (skMark != null) {
            config.set(JAVA_INT_UNALIGNED, ConfigLayout.SK_MARK, skMark.intValue());
            config.set(JAVA_BYTE, ConfigLayout.FILTER_SK_MARK, (byte) 1);
        }
        config.set(JAVA_INT_UNALIGNED, ConfigLayout.PID, pid);
        if (comm != null) {
            byte[] name = comm.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(name, 0, config, JAVA_BYTE, ConfigLayout.COMM, name.length);
        }
        if (icmpId != null) {
            config.set(JAVA_SHORT_UNALIGNED, ConfigLayout.ICMP_ID, icmpId.shortValue());
            config.set(JAVA_BYTE, ConfigLayout.FILTER_ICMP_ID, (byte) 1);
        }
        config.set(JAVA_BYTE, ConfigLayout.PCAP_FILTER, (byte) (pcapFilter ? 1 : 0));
    }
}
