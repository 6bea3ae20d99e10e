package dev.vista.netns;

import java.net.Inet4Address;
import java.net.Inet6Address;

/** One end of a veth pair a {@link Testbed} made, as it is in the kernel. */
public record VethEnd(NetworkNamespace namespace, String ifname, int ifindex, Inet4Address ipv4, Inet6Address ipv6) {

    /** Attaches a TC {@link TestProgram} on this end ({@link NetworkNamespace#attachTc}); closing it detaches it. */
    public AttachedProgram attachTc(AttachedProgram.Direction direction, TestProgram program) {
        return namespace.attachTc(ifname, direction, program);
    }

    /** Attaches an XDP {@link TestProgram} on this end ({@link NetworkNamespace#attachXdp}); closing it detaches it. */
    public AttachedProgram attachXdp(TestProgram program) {
        return namespace.attachXdp(ifname, program);
    }
}
