package dev.vista.netns;

import java.util.regex.Pattern;

/**
 * What one end of a veth pair in a {@link Testbed} should be: its namespace (the name given to the builder),
 * its addresses with prefix length ({@code 10.0.0.1/24}, {@code fd00::1/64}) and, optionally, its interface name.
 *
 * @param ifname the interface name, or null for the test bed's default ({@code veth<n>a} / {@code veth<n>b})
 */
public record VethEndSpec(String namespace, String ipv4, String ipv6, String ifname) {
    // The kernel's IFNAMSIZ is 16 with the terminating NUL; '/' and ':' and blanks are refused by the kernel.
    private static final Pattern VALID_IFNAME = Pattern.compile("[^/:\\s]{1,15}");

    public VethEndSpec {
        Testbed.checkRole(namespace);
        Cidr.ipv4(ipv4);
        Cidr.ipv6(ipv6);
        if (ifname != null && !VALID_IFNAME.matcher(ifname).matches()) {
            throw new IllegalArgumentException("bad interface name '" + ifname
                    + "': at most 15 characters, none of '/', ':' or blanks");
        }
    }

    public static VethEndSpec of(String namespace, String ipv4, String ipv6) {
        return new VethEndSpec(namespace, ipv4, ipv6, null);
    }

    /** The same end with this interface name. */
    public VethEndSpec named(String ifname) {
        return new VethEndSpec(namespace, ipv4, ipv6, ifname);
    }

    Cidr ipv4Cidr() {
        return Cidr.ipv4(ipv4);
    }

    Cidr ipv6Cidr() {
        return Cidr.ipv6(ipv6);
    }
}
