package dev.vista.netns;

import java.net.Inet4Address;
import java.net.Inet6Address;

/** One end of a veth pair a {@link Testbed} made, as it is in the kernel. */
public record VethEnd(NetworkNamespace namespace, String ifname, int ifindex, Inet4Address ipv4, Inet6Address ipv6) {
}
