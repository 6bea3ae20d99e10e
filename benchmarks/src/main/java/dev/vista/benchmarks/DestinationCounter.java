package dev.vista.benchmarks;

import dev.vista.event.SkbEventView;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What a sink that must not allocate does with {@link SkbEventView}: counts packets per destination
 * address (IPv4 as an int, IPv6 copied into a reused array and hashed) in a primitive open-addressing
 * table, and those that curl sent out of eth0, comparing the names as bytes.
 */
final class DestinationCounter implements Consumer<SkbEventView> {
    private static final int SLOTS = 1024; // a power of two, far more than the recording's destinations
    private final long[] keys = new long[SLOTS];
    private final long[] counts = new long[SLOTS];
    private final byte[] address = new byte[16];
    private long fromCurlOnEth0;

    @Override
    public void accept(SkbEventView view) {
        long key = switch (view.ipVersion()) {
            case 4 -> view.destinationIpv4() & 0xffff_ffffL;
            case 6 -> {
                view.copyDestinationAddress(address, 0);
                yield Arrays.hashCode(address) | 1L << 40; // apart from every IPv4 key
            }
            default -> -1; // not IP: one slot for all
        };
        int slot = (int) (key ^ key >>> 17) & (SLOTS - 1);
        while (counts[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        keys[slot] = key;
        counts[slot]++;
        if (view.commEquals("curl") && view.ifnameEquals("eth0")) {
            fromCurlOnEth0++;
        }
    }

    long fromCurlOnEth0() {
        return fromCurlOnEth0;
    }

    long total() {
        return Arrays.stream(counts).sum();
    }
}
