package dev.vista.internal.pcapfilter;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Ethernet frames for the differential test, from a seed (the same seed gives the same frames):
 * IPv4 (options, fragments), IPv6 (hop-by-hop and fragment headers), ARP, VLAN tags, TCP, UDP,
 * ICMP, ICMPv6, SCTP and others, with addresses and ports drawn from small pools so that host and
 * port filters match often, random flags, payloads and some frames cut short to exercise bounds.
 * Public for the benchmarks.
 */
public final class PacketGenerator {
    static final byte[][] MACS = {mac(2, 0, 0, 0, 0, 1), mac(2, 0, 0, 0, 0, 2), mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
            mac(1, 0, 0x5e, 0, 0, 5), mac(0x33, 0x33, 0, 0, 0, 1)};
    static final int[][] IPV4 = {{10, 0, 0, 1}, {10, 0, 0, 2}, {10, 1, 2, 3}, {192, 168, 1, 10}, {172, 16, 5, 4},
            {8, 8, 8, 8}, {224, 0, 0, 5}, {255, 255, 255, 255}};
    static final String[] IPV6 = {"fe800000000000000000000000000001", "20010db8000000000000000000000001",
            "20010db8000000000000000000000002", "00000000000000000000000000000001", "ff020000000000000000000000000001"};
    static final int[] PORTS = {22, 53, 80, 123, 443, 1000, 2000, 6000, 6005, 6010, 8080};
    static final int[] ICMP_TYPES = {0, 3, 5, 8, 11, 13};
    static final int[] ICMP6_TYPES = {1, 128, 129, 133, 134, 135, 136};
    static final int[] VLANS = {10, 20, 100};

    private final SplittableRandom random;

    public PacketGenerator(long seed) {
        random = new SplittableRandom(seed);
    }

    public byte[] next() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(pick(MACS));
        frame.writeBytes(pick(MACS));
        boolean tagged = chance(12);
        if (tagged) {
            short16(frame, 0x8100);
            short16(frame, (random.nextInt(8) << 13) | VLANS[random.nextInt(VLANS.length)]);
        }
        int kind = random.nextInt(100);
        if (kind < 55) {
            short16(frame, 0x0800);
            ipv4(frame);
        } else if (kind < 85) {
            short16(frame, 0x86dd);
            ipv6(frame);
        } else if (kind < 93) {
            short16(frame, 0x0806);
            bytes(frame, 28);
        } else {
            short16(frame, random.nextBoolean() ? 0x88cc : random.nextInt(0x10000));
            bytes(frame, random.nextInt(60));
        }
        byte[] packet = frame.toByteArray();
        // The kernel's test run refuses an untagged IP frame shorter than its IP header: cut after it.
        int shortest = tagged || kind >= 85 ? 14 : kind < 55 ? 14 + 20 : 14 + 40;
        if (chance(10) && packet.length > shortest) {
            return java.util.Arrays.copyOf(packet, shortest + random.nextInt(packet.length - shortest));
        }
        return packet;
    }

    private void ipv4(ByteArrayOutputStream out) {
        int optionWords = chance(10) ? 1 + random.nextInt(3) : 0;
        int proto = protocol(1, 17, 6);
        byte[] l4 = transport(proto);
        int total = 20 + optionWords * 4 + l4.length;
        out.write(0x40 | (5 + optionWords));
        out.write(chance(20) ? random.nextInt(256) : 0);
        short16(out, total);
        short16(out, random.nextInt(0x10000));
        int flags = chance(10) ? 0x2000 : chance(50) ? 0x4000 : 0;
        int fragment = chance(10) ? 1 + random.nextInt(0x1fff) : 0;
        short16(out, flags | fragment);
        out.write(1 + random.nextInt(255));
        out.write(proto);
        short16(out, 0);
        for (int b : IPV4[random.nextInt(IPV4.length)]) {
            out.write(b);
        }
        for (int b : IPV4[random.nextInt(IPV4.length)]) {
            out.write(b);
        }
        bytes(out, optionWords * 4);
        out.writeBytes(l4);
    }

    private void ipv6(ByteArrayOutputStream out) {
        int proto = protocol(58, 17, 6);
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        int first = proto;
        if (chance(15)) { // hop-by-hop options, 8 bytes
            chain.write(first);
            chain.write(0);
            bytes(chain, 6);
            first = 0;
        }
        if (chance(10)) { // fragment header in front
            ByteArrayOutputStream fragment = new ByteArrayOutputStream();
            fragment.write(first);
            fragment.write(0);
            short16(fragment, chance(50) ? 0 : (1 + random.nextInt(100)) << 3);
            bytes(fragment, 4);
            fragment.writeBytes(chain.toByteArray());
            chain = fragment;
            first = 44;
        }
        byte[] l4 = transport(proto);
        out.write(0x60 | random.nextInt(16));
        bytes(out, 3);
        short16(out, chain.size() + l4.length);
        out.write(first);
        out.write(1 + random.nextInt(255));
        out.writeBytes(address6());
        out.writeBytes(address6());
        out.writeBytes(chain.toByteArray());
        out.writeBytes(l4);
    }

    private int protocol(int icmp, int udp, int tcp) {
        int p = random.nextInt(100);
        if (p < 40) {
            return tcp;
        }
        if (p < 70) {
            return udp;
        }
        if (p < 85) {
            return icmp;
        }
        if (p < 92) {
            return 132; // SCTP
        }
        return new int[] {47, 89, 4, 0}[random.nextInt(4)];
    }

    private byte[] transport(int proto) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (proto) {
            case 6 -> {
                short16(out, port());
                short16(out, port());
                bytes(out, 8);
                int offset = chance(15) ? 6 + random.nextInt(3) : 5;
                out.write(offset << 4);
                out.write(chance(50) ? new int[] {0x02, 0x12, 0x10, 0x11, 0x04, 0x18}[random.nextInt(6)]
                        : random.nextInt(256));
                bytes(out, 6 + (offset - 5) * 4);
                if (chance(10)) {
                    out.writeBytes(new byte[] {'G', 'E', 'T', ' '});
                }
            }
            case 17, 132 -> {
                short16(out, port());
                short16(out, port());
                short16(out, 8 + random.nextInt(100));
                short16(out, 0);
            }
            case 1 -> {
                out.write(ICMP_TYPES[random.nextInt(ICMP_TYPES.length)]);
                out.write(random.nextInt(4));
                bytes(out, 6);
            }
            case 58 -> {
                out.write(ICMP6_TYPES[random.nextInt(ICMP6_TYPES.length)]);
                out.write(random.nextInt(2));
                bytes(out, 6);
            }
            default -> bytes(out, 8);
        }
        bytes(out, random.nextInt(48));
        return out.toByteArray();
    }

    private int port() {
        return chance(70) ? PORTS[random.nextInt(PORTS.length)] : random.nextInt(0x10000);
    }

    private byte[] address6() {
        String hex = IPV6[random.nextInt(IPV6.length)];
        byte[] address = new byte[16];
        for (int i = 0; i < 16; i++) {
            address[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return address;
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private byte[] pick(byte[][] pool) {
        return pool[random.nextInt(pool.length)];
    }

    private void bytes(ByteArrayOutputStream out, int count) {
        for (int i = 0; i < count; i++) {
            out.write(random.nextInt(256));
        }
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static byte[] mac(int... bytes) {
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) bytes[i];
        }
        return mac;
    }
}
