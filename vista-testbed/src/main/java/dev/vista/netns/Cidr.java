package dev.vista.netns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** An interface address with its prefix length, as {@code ip addr add} takes it: {@code 10.0.0.1/24}. */
record Cidr(InetAddress address, int prefixLength) {
    static Cidr ipv4(String text) {
        return parse(text, Inet4Address.class, "IPv4", "10.0.0.1/24");
    }

    static Cidr ipv6(String text) {
        return parse(text, Inet6Address.class, "IPv6", "fd00::1/64");
    }

    private static Cidr parse(String text, Class<? extends InetAddress> family, String familyName, String example) {
        String problem = "'" + text + "' is not an " + familyName + " address with prefix length, such as " + example;
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(problem);
        }
        InetAddress address;
        int prefixLength;
        try {
            address = InetAddress.ofLiteral(text.substring(0, slash));
            prefixLength = Integer.parseInt(text.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem, e);
        }
        if (!family.isInstance(address) || prefixLength < 0 || prefixLength > address.getAddress().length * 8) {
            throw new IllegalArgumentException(problem);
        }
        return new Cidr(address, prefixLength);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
